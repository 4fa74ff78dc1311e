/**
 * `openenv validate --url`'s six checks of a running server, restated from their definitions in
 * OpenEnv's source (src/openenv/cli/_validation.py, validate_running_environment, at commit
 * 685de411e5f77286b0fd94798d42c4467cf8a1bc; its tests in tests/test_cli/test_validate.py). Each
 * check asks what the Python asks, with the same requests: GETs, and `POST /mcp` with the JSON
 * body `{}`. The base URL is joined as the Python joins it (`f"{url}/openapi.json"`), so a base
 * URL carrying `?token=` is tried as OpenEnv would send it.
 */

export interface Criterion {
  id: string;
  passed: boolean;
  actual?: unknown;
}

export interface ValidationReport {
  passed: boolean;
  mode: string;
  standard_version: string;
  criteria: Criterion[];
}

async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export async function validateRunningEnvironment(baseUrl: string): Promise<ValidationReport> {
  // _normalize_runtime_url: strip, add http:// when missing, drop trailing slashes.
  let url = baseUrl.trim();
  if (!url.includes("://")) url = `http://${url}`;
  url = url.replace(/\/+$/, "");
  const criteria: Criterion[] = [];
  let paths: Record<string, unknown> = {};
  let version = "unknown";

  const openapi = await fetchJson(`${url}/openapi.json`);
  const info = isDict(openapi.json) ? openapi.json.info : undefined;
  const openapiOk = openapi.status === 200 && isDict(info) && typeof info.version === "string";
  if (openapiOk) {
    version = String(info.version);
    paths = (isDict(openapi.json) && isDict(openapi.json.paths) ? openapi.json.paths : {}) as Record<string, unknown>;
  }
  criteria.push({ id: "openapi_version_available", passed: openapiOk, actual: { status_code: openapi.status } });

  const health = await fetchJson(`${url}/health`);
  criteria.push({ id: "health_endpoint", passed: health.status === 200 && isDict(health.json) && health.json.status === "healthy", actual: { status_code: health.status } });

  const metadata = await fetchJson(`${url}/metadata`);
  criteria.push({ id: "metadata_endpoint", passed: metadata.status === 200 && isDict(metadata.json) && typeof metadata.json.name === "string" && typeof metadata.json.description === "string", actual: { status_code: metadata.status } });

  const schema = await fetchJson(`${url}/schema`);
  const s = schema.json;
  criteria.push({ id: "schema_endpoint", passed: schema.status === 200 && isDict(s) && isDict(s.action) && isDict(s.observation) && isDict(s.state), actual: { status_code: schema.status } });

  // requests.post(url, json={}) sends Content-Type: application/json and Accept: */*.
  const mcp = await fetchJson(`${url}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "*/*" }, body: "{}" });
  criteria.push({ id: "mcp_endpoint", passed: mcp.status === 200 && isDict(mcp.json) && mcp.json.jsonrpc === "2.0", actual: { status_code: mcp.status, body: mcp.json } });

  let mode = "unknown";
  if (Object.keys(paths).length > 0) {
    const has = (p: string) => p in paths;
    mode = has("/reset") ? "simulation" : "production";
    const passed = has("/reset") ? has("/step") && has("/state") : !has("/step") && !has("/state");
    criteria.push({ id: "mode_endpoint_consistency", passed, actual: { "/reset": has("/reset"), "/step": has("/step"), "/state": has("/state") } });
  } else {
    criteria.push({ id: "mode_endpoint_consistency", passed: false, actual: { "openapi.paths": "missing" } });
  }

  return { passed: criteria.every((c) => c.passed), mode, standard_version: version, criteria };
}
