// Drives headless Chromium through the editors' page as an editor would: sign in with a token, look at
// the queue, approve the first story, open its detail page. Speaks the DevTools protocol over
// --remote-debugging-pipe (no npm packages). Prints one JSON line: what was approved.
//   node admin-approve.mjs <chromium> <base URL> <token> <screenshot directory>
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [chromium, base, token, shots] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "feedhub-chromium-"));
const browser = spawn(chromium, [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
  "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
const deadline = setTimeout(() => fail("timed out after 60 s"), 60_000);
let stderr = "";
browser.stderr.on("data", (d) => { stderr += d; });

let nextID = 1;
const pending = new Map();
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
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextID++;
  browser.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function fail(message) {
  console.error(`browser test: ${message}\n${stderr.slice(-2000)}`);
  cleanup(1);
}

function cleanup(code) {
  clearTimeout(deadline);
  browser.kill("SIGKILL");
  try { rmSync(profile, { recursive: true, force: true }); } catch {}
  process.exit(code);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
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
  const shoot = async (name) => {
    const { data } = await run("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    writeFileSync(join(shots, name), Buffer.from(data, "base64"));
  };

  await run("Page.enable");
  await run("Emulation.setDeviceMetricsOverride", { width: 1100, height: 1400, deviceScaleFactor: 1, mobile: false });
  await run("Page.navigate", { url: `${base}/admin` });
  await waitFor("!!document.querySelector('#token')", "the login form");
  await shoot("admin-login.png");
  await evaluate(`document.querySelector('#token').value = ${JSON.stringify(token)}; document.querySelector('form.login button').click(); true`);
  await waitFor("!!document.querySelector('article.story')", "the queue after signing in");
  const cookies = await run("Network.getCookies", { urls: [`${base}/admin`] }).catch(() => ({ cookies: [] }));
  await shoot("admin-queue.png");
  const title = await evaluate("document.querySelector('article.story h2 a, article.story h2').textContent.replace(/ \\(edited\\)$/, '')");
  const number = await evaluate("document.querySelector('article.story').id.replace('story-', '')");
  await evaluate("document.querySelector('article.story .actions button.primary').click(); true");
  await waitFor("location.search.includes('done=')", "the queue after approving");
  const notice = await evaluate("document.querySelector('.notice') ? document.querySelector('.notice').textContent : ''");
  await run("Page.navigate", { url: `${base}/admin/stories/${number}` });
  await waitFor("!!document.querySelector('table.history td')", "the story's history");
  await shoot("admin-story.png");
  const session = (cookies.cookies || []).find((c) => c.name === "feedhub_session");
  console.log(JSON.stringify({ title, number: Number(number), notice, cookie: session ? { httpOnly: session.httpOnly, secure: session.secure, sameSite: session.sameSite } : null }));
  cleanup(0);
}

main().catch((error) => fail(error.stack || String(error)));
