"""Lighthouse's compression and cache-policy audits on the home and an article page.

Run: .venv/bin/python bench/lighthouse.py [--base-url http://127.0.0.1:8000] [--article PATH]
against a running site, as production runs it (``make serve``). It runs Lighthouse 12 from npm
through ``npx`` (fetched on first use into npm's cache, not a project dependency) in headless
Chromium ($CHROME_PATH, /usr/bin/chromium by default), then prints, for each page, the
performance score and the two audits issue 13 asks to pass: "Enable text compression"
(``uses-text-compression``) and "Serve static assets with an efficient cache policy"
(``uses-long-cache-ttl``), with every resource they name. Exits 1 if either finds anything.
Without ``--article`` it takes the first article the home page links to.
Not part of the test run.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

AUDITS = {
    "uses-text-compression": "enable text compression",
    "uses-long-cache-ttl": "efficient cache policy for static assets",
}
LIGHTHOUSE = "lighthouse@12"


def first_article(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/") as response:
        found = re.search(r'href="(/articles/[^"#]+)"', response.read().decode())
    if not found:
        sys.exit("The home page links to no article: load the demo (make run) first.")
    return found.group(1)


def audit(url: str, out: Path) -> dict:
    """Lighthouse's JSON report of ``url`` (performance and best practices)."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--only-categories=performance,best-practices",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={out}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--article", help="an article's path (default: the home page's first)")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    pages = {"home": "/", "article": args.article or first_article(base)}
    findings = 0
    with tempfile.TemporaryDirectory() as folder:
        for label, path in pages.items():
            report = audit(base + path, Path(folder) / f"{label}.json")
            score = report["categories"]["performance"]["score"]
            print(f"{label} ({path}): performance {score * 100:.0f}")
            for key, title in AUDITS.items():
                result = report["audits"][key]
                items = (result.get("details") or {}).get("items", [])
                verdict = "pass" if not items else f"{len(items)} found"
                print(f"  {title}: {verdict}")
                for item in items:
                    print(f"    {item.get('url')}")
                findings += len(items)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
