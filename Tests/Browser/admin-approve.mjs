// Drives headless Chromium through the editors' page as an editor would: sign in with a token, look at
// the queue, approve the first story, open its detail page. Speaks the DevTools protocol over
// --remote-debugging-pipe (no npm packages). Prints one JSON line: what was approved.
//   node admin-approve.mjs <chromium> <base URL> <token> <screenshot directory>
import { join } from "node:path";
import { launch } from "./cdp.mjs";

const [chromium, base, token, shots] = process.argv.slice(2);

const browser = await launch(chromium);

async function main({ run, evaluate, waitFor, shoot: capture, cleanup }) {
  const shoot = (name) => capture(join(shots, name));

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
  // The new document commits (location changes) before it is parsed: wait for the notice itself.
  await waitFor("location.search.includes('done=') && document.readyState !== 'loading' && !!document.querySelector('.notice')", "the queue after approving");
  const notice = await evaluate("document.querySelector('.notice') ? document.querySelector('.notice').textContent : ''");
  await run("Page.navigate", { url: `${base}/admin/stories/${number}` });
  await waitFor("!!document.querySelector('table.history td')", "the story's history");
  await shoot("admin-story.png");
  const session = (cookies.cookies || []).find((c) => c.name === "feedhub_session");
  console.log(JSON.stringify({ title, number: Number(number), notice, cookie: session ? { httpOnly: session.httpOnly, secure: session.secure, sameSite: session.sameSite } : null }));
  cleanup(0);
}

main(browser).catch((error) => browser.fail(error.stack || String(error)));
