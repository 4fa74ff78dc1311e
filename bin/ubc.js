#!/usr/bin/env node
import "../dist/ubc/ubc.js";
