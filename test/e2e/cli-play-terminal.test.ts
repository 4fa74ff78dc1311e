import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { repoRoot } from "../support/cli.js";

/**
 * `ubc play` in a real terminal: tmux gives it a TTY, so readline, the prompt, history and
 * colours run as an author sees them. Skipped (visibly) where tmux is not installed.
 */

const hasTmux = spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0;
const bin = join(repoRoot, "bin/ubc.js");
const sockets: string[] = [];

afterEach(() => {
  // Each test runs its own tmux server on its own socket; end exactly those.
  for (const socket of sockets.splice(0)) spawnSync("tmux", ["-L", socket, "kill-server"]);
});

function tmux(socket: string, args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8", cwd: repoRoot, env: withoutNoColor() });
  return { status: result.status, stdout: result.stdout };
}

/** The test runner's environment may say NO_COLOR; the terminal under test decides for itself. */
function withoutNoColor(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** Starts `ubc play <args>` in a detached tmux session; `env` is prefixed to the command (NO_COLOR=1). */
function startPlay(args: string[], env = ""): string {
  const socket = `ubc-play-${process.pid}-${sockets.length}-${Date.now()}`;
  sockets.push(socket);
  const command = `${env}${quote(process.execPath)} ${quote(bin)} play ${args.map(quote).join(" ")}`;
  expect(tmux(socket, ["new-session", "-d", "-x", "200", "-y", "50", command]).status).toBe(0);
  return socket;
}

/** The pane's text with its escape sequences, once `pattern` shows up in its plain text (tmux trims trailing spaces), or the last capture after 20 s. */
async function screenWhen(socket: string, pattern: RegExp): Promise<string> {
  let screen = "";
  for (let waited = 0; waited < 20_000; waited += 100) {
    screen = tmux(socket, ["capture-pane", "-p", "-e"]).stdout;
    if (pattern.test(screen.replace(/\u001b\[[0-9;]*m/g, ""))) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return screen;
}

function plain(screen: string): string {
  return screen.replace(/\u001b\[[0-9;]*m/g, "");
}

const TRAVEL = "scenarios/travel/austin_family.ubench";

describe.skipIf(!hasTmux)("ubc play in a terminal (tmux)", () => {
  test("shows the prompt, plays a turn in colour, recalls history with the up arrow, and leaves on :quit", async () => {
    const socket = startPlay([TRAVEL]);
    const first = await screenWhen(socket, /austin_family 1\/20> ?$/m);
    expect(plain(first)).toContain("type :help for the commands");
    tmux(socket, ["send-keys", "[action] Anything about laundry?", "Enter"]);
    const played = await screenWhen(socket, /austin_family 2\/20> ?$/m);
    expect(plain(played)).toContain("revealed now: P1 washer");
    // Colour on a TTY: the reward in green, the prompt in cyan.
    expect(played).toContain("\u001b[32m+0.2\u001b[39m");
    expect(played).toMatch(/\u001b\[36m(\u001b\[\d+m)*austin_family 2\/20>/);
    tmux(socket, ["send-keys", "Up"]);
    const recalled = await screenWhen(socket, /austin_family 2\/20> \[action\] Anything about laundry\?$/m);
    expect(plain(recalled)).toMatch(/austin_family 2\/20> \[action\] Anything about laundry\?$/m);
    tmux(socket, ["send-keys", "C-u", ":quit", "Enter"]);
    for (let waited = 0; waited < 10_000 && tmux(socket, ["has-session"]).status === 0; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(tmux(socket, ["has-session"]).status).not.toBe(0);
  });

  test("with NO_COLOR the same session prints no colour", async () => {
    const socket = startPlay([TRAVEL], "NO_COLOR=1 ");
    await screenWhen(socket, /austin_family 1\/20> ?$/m);
    tmux(socket, ["send-keys", "[action] Anything about laundry?", "Enter"]);
    const played = await screenWhen(socket, /austin_family 2\/20> ?$/m);
    expect(plain(played)).toContain("revealed now: P1 washer");
    expect(played).not.toMatch(/\u001b\[3\dm/);
  });

  test("a folder of several scenarios lists them and asks which to play", async () => {
    const socket = startPlay(["scenarios/persuade"]);
    const list = await screenWhen(socket, /scenario \(number or id\)> ?$/m);
    expect(plain(list)).toContain("end_tipping (persuade): No more tipping");
    tmux(socket, ["send-keys", "end_tipping", "Enter"]);
    const opened = await screenWhen(socket, /end_tipping 1\/20> ?$/m);
    expect(plain(opened)).toContain("end_tipping: No more tipping");
  });
});
