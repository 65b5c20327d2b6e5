// Injects script into the public page the three ways an HTML injection would (an inline <script>, an
// inline event handler, a javascript: link) and reports what ran and which CSP violations Chromium saw.
// The same injection into a page served without a CSP is the control: there it must run.
// Prints one JSON line. DevTools' own Runtime.evaluate is not subject to the page's CSP; what it inserts is.
//   node page-csp.mjs <chromium> <page URL> <control URL>
import { launch, sleep } from "./cdp.mjs";

const [chromium, page, control] = process.argv.slice(2);
const browser = await launch(chromium);

const inject = `(() => {
  window.__ran = [];
  window.__violations = window.__violations || [];
  const s = document.createElement("script");
  s.textContent = "window.__ran.push('inline script')";
  document.body.appendChild(s);
  document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image" onerror="window.__ran.push(\\'onerror handler\\')">');
  const a = document.createElement("a");
  a.href = "javascript:window.__ran.push('javascript: link')";
  document.body.appendChild(a);
  a.click();
  return true;
})()`;

async function attempt({ run, evaluate, waitFor }, url) {
  await run("Page.navigate", { url });
  await waitFor("document.readyState === 'complete' && !!document.body", `${url} loaded`);
  await evaluate("window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective)); true");
  await evaluate(inject);
  await sleep(1000);
  return {
    ran: await evaluate("window.__ran"),
    violations: await evaluate("window.__violations"),
    title: await evaluate("document.title"),
  };
}

async function main(b) {
  const protectedPage = await attempt(b, page);
  const unprotected = await attempt(b, control);
  console.log(JSON.stringify({ page: protectedPage, control: unprotected }));
  b.cleanup(0);
}

main(browser).catch((error) => browser.fail(error.stack || String(error)));
