"""A small reusable harness over headless Chromium (Debian's chromium + chromium-driver) driven by
Selenium: open pages from file:// or http://, read the console and the failed requests, emulate
the dark theme and window sizes, take screenshots.

    from browser import Browser
    with Browser() as browser:
        browser.open("file:///tmp/site/index.html")
        assert not browser.console_errors()
        browser.screenshot("/tmp/page.png", width=1280, height=900, dark=True)

Installed by scripts/setup.sh (Debian packages) and scripts/browser-venv.sh (.venv-browser/).
"""

import json
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


class Browser:
    def __init__(self, width=1280, height=900):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--hide-scrollbars", "--force-device-scale-factor=1",
                         f"--window-size={width},{height}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.driver.quit()

    def open(self, url):
        """Loads url, waits for the load event, and drains the logs of earlier pages."""
        self.driver.get_log("browser")
        self.driver.get_log("performance")
        self.driver.get(url)
        self.driver.execute_script("return document.readyState")

    def console_messages(self):
        return self.driver.get_log("browser")

    def console_errors(self, messages=None):
        messages = self.console_messages() if messages is None else messages
        return [m for m in messages if m.get("level") in ("SEVERE", "ERROR")]

    def failed_requests(self):
        """Requests that failed (missing file, blocked, refused) or got an HTTP error status."""
        failures = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method = message.get("method")
            params = message.get("params", {})
            if method == "Network.loadingFailed":
                failures.append({"error": params.get("errorText"), "id": params.get("requestId")})
            elif method == "Network.responseReceived":
                response = params.get("response", {})
                status = response.get("status", 200)
                if status and status >= 400:
                    failures.append({"url": response.get("url"), "status": status})
        return failures

    def requested_urls(self):
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def set_dark(self, dark):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def set_size(self, width, height):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def screenshot(self, path, width=1280, height=900, dark=False):
        self.set_dark(dark)
        self.set_size(width, height)
        self.driver.save_screenshot(path)

    def script(self, source, *arguments):
        return self.driver.execute_script(source, *arguments)
