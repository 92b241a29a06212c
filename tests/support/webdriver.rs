//! Headless Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over
//! HTTP), so the browser tests need no driver crate and no browser download: Debian's
//! `chromium` and `chromium-driver` packages, which `.ci/run` installs.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn post(url: &str, body: &Value) -> Value {
    let mut response = agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap();
    let text = response.body_mut().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub fn start() -> Browser {
        let driver_path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect(
                "chromedriver is installed (Debian package chromium-driver; .ci/run installs it)",
            );
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}
        });
        let created = post(&format!("{base}/session"), &capabilities);
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        Browser {
            driver,
            base,
            session,
            _profile: profile,
        }
    }

    pub fn goto(&self, url: &str) {
        post(
            &format!("{}/session/{}/url", self.base, self.session),
            &json!({ "url": url }),
        );
    }

    /// Runs JavaScript in the page and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        let answer = post(
            &format!("{}/session/{}/execute/sync", self.base, self.session),
            &json!({ "script": script, "args": [] }),
        );
        answer["value"].clone()
    }

    /// Sets the size of the browser's window (a phone's width, say).
    pub fn resize(&self, width: u32, height: u32) {
        post(
            &format!("{}/session/{}/window/rect", self.base, self.session),
            &json!({ "width": width, "height": height }),
        );
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        post(
            &format!("{}/session/{}/goog/cdp/execute", self.base, self.session),
            &json!({ "cmd": cmd, "params": params }),
        )
    }

    /// Emulates `prefers-color-scheme: dark` (or light) for the pages that follow.
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Waits until `script` returns true.
    pub fn wait_for(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.eval(script) == Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = agent()
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
