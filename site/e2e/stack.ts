// Starts the local stack for the browser tests: the Go program `make run` runs, built once,
// in memory, on a free port, and stopped (with its DynamoDB Local) when the tests end.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const site = new URL("..", import.meta.url).pathname;
const root = join(site, "..");
const work = join(site, "e2e", ".out");

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the local stack exited (${child.exitCode}) before answering; its log:\n${readFileSync(log, "utf8")}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the local stack did not answer ${url}/healthz within 120 s; its log:\n${readFileSync(log, "utf8")}`);
}

export default async function setup(project: TestProject) {
  mkdirSync(work, { recursive: true });
  const bin = join(work, "hypetrack-local");
  // Built once and run directly (not `go run`), so stopping it stops the stack itself.
  execFileSync("go", ["build", "-o", bin, "./infra/local"], { cwd: root, stdio: "inherit" });
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const log = join(work, "stack.log");
  const out = openSync(log, "w");
  const child = spawn(bin, ["-memory", "-port", String(port)], { cwd: root, stdio: ["ignore", out, out], detached: true });
  await waitHealthy(url, child, log);
  project.provide("baseURL", url);

  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    // SIGTERM is Ctrl-C for the stack: it stops DynamoDB Local and returns.
    process.kill(-child.pid!, "SIGTERM");
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
}
