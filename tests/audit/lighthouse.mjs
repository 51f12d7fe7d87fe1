// Lighthouse over a list of pages, in one Node process and one Chromium: each run as the
// command line would make it (mobile, simulated throttling, Lighthouse's defaults), without
// paying for a new browser and a new process each time. Called by bench/lighthouse.py:
//   node lighthouse.mjs JOBS.json OUT_DIR     (JOBS: [{"name": ..., "url": ...}, ...])
// with CHROME_PATH and CHROME_FLAGS (a JSON list) in the environment. Each report is
// written to OUT_DIR/NAME.json; one line per run goes to stdout.
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [jobsFile, outDir] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: JSON.parse(process.env.CHROME_FLAGS || "[]"),
});
try {
  for (const job of jobs) {
    const started = Date.now();
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
      // The full page's picture is for the HTML report, which is not written here.
      disableFullPageScreenshot: true,
    };
    const result = await lighthouse(job.url, flags);
    fs.writeFileSync(path.join(outDir, `${job.name}.json`), result.report);
    console.log(`${job.name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await chrome.kill();
}
