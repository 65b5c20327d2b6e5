// Headless Chromium over the DevTools protocol on --remote-debugging-pipe, with plain node (no npm
// packages): the browser tests' shared plumbing. `launch` starts the browser and attaches to its page.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function launch(chromium, { timeout = 60_000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "feedhub-chromium-"));
  const browser = spawn(chromium, [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  browser.stderr.on("data", (d) => { stderr += d; });
  const cleanup = (code) => {
    clearTimeout(deadline);
    browser.kill("SIGKILL");
    try { rmSync(profile, { recursive: true, force: true }); } catch {}
    process.exit(code);
  };
  const fail = (message) => {
    console.error(`browser test: ${message}\n${stderr.slice(-2000)}`);
    cleanup(1);
  };
  const deadline = setTimeout(() => fail(`timed out after ${timeout / 1000} s`), timeout);

  let nextID = 1;
  const pending = new Map();
  const listeners = [];
  let buffer = Buffer.alloc(0);
  browser.stdio[4].on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let end;
    while ((end = buffer.indexOf(0)) >= 0) {
      const message = JSON.parse(buffer.subarray(0, end).toString("utf8"));
      buffer = buffer.subarray(end + 1);
      const waiter = pending.get(message.id);
      if (waiter) {
        pending.delete(message.id);
        message.error ? waiter.reject(new Error(JSON.stringify(message.error))) : waiter.resolve(message.result);
      } else if (message.method) {
        listeners.forEach((listener) => listener(message));
      }
    }
  });
  const send = (method, params = {}, sessionId) => {
    const id = nextID++;
    browser.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };

  const { targetInfos } = await send("Target.getTargets");
  const page = targetInfos.find((t) => t.type === "page");
  const { sessionId } = await send("Target.attachToTarget", { targetId: page.targetId, flatten: true });
  const run = (method, params) => send(method, params, sessionId);
  const evaluate = async (expression) =>
    (await run("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
  const waitFor = async (expression, what) => {
    for (let i = 0; i < 200; i++) {
      if (await evaluate(expression).catch(() => false)) return;
      await sleep(100);
    }
    throw new Error(`never saw ${what}; page: ${await evaluate("document.body && document.body.innerText.slice(0, 500)")}`);
  };
  const shoot = async (path) => {
    const { data } = await run("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    writeFileSync(path, Buffer.from(data, "base64"));
  };
  const on = (listener) => listeners.push(listener);
  await run("Page.enable");
  return { run, evaluate, waitFor, shoot, on, cleanup, fail };
}
