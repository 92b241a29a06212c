//! Headless Chromium, driven through chromedriver's W3C WebDriver protocol (JSON over HTTP
//! on loopback): one driver and one browser session for all the PDFs of a build, ended
//! when dropped. Both programs come from `PATH` (Debian's `chromium` and `chromium-driver`
//! packages); when one is missing, the error names the package to install.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::report::error::Error;

/// The browser's names on `PATH`, the first found is used.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome"];
const DRIVER: &str = "chromedriver";
/// How long chromedriver may take to listen, and a page to load and print.
const START_TIMEOUT: Duration = Duration::from_secs(30);
const PAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// Run in each page before it is printed: every `<details>` open (a closed one prints
/// nothing of its content), the site's own links made absolute on the published site
/// (not on the loopback server the page came from), once the fonts have loaded.
const PREPARE: &str = r#"
const [permalink, done] = arguments;
for (const d of document.querySelectorAll('details')) d.open = true;
for (const a of document.querySelectorAll('a[href]')) {
  const href = a.getAttribute('href');
  if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
  a.href = new URL(href, permalink).href;
  a.setAttribute('data-site-link', '');
}
document.fonts.ready.then(() => done(true));
"#;

/// A running chromedriver with a headless Chromium session.
pub struct Chromium {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    profile: PathBuf,
}

impl Chromium {
    /// Starts chromedriver and a headless Chromium session; `shown` (the output folder)
    /// is what an error names.
    pub fn start(shown: &Path) -> Result<Chromium, Error> {
        let browser = BROWSERS.iter().find_map(|name| on_path(name));
        let driver = on_path(DRIVER);
        let (Some(browser), Some(driver_path)) = (browser.clone(), driver.clone()) else {
            let mut missing = Vec::new();
            if browser.is_none() {
                missing.push("chromium");
            }
            if driver.is_none() {
                missing.push("chromium-driver");
            }
            return Err(Error::NoBrowser {
                path: shown.to_path_buf(),
                missing: missing.join(" and "),
            });
        };
        let failed = |message: String| Error::Print {
            path: shown.to_path_buf(),
            message,
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| failed(format!("no free port for chromedriver: {e}")))?;
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| failed(format!("cannot start {}: {e}", driver_path.display())))?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(PAGE_TIMEOUT))
            .build()
            .into();
        let profile = std::env::temp_dir().join(format!("trustdocs-pdf-{}", std::process::id()));
        let mut chromium = Chromium {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            agent,
            profile,
        };
        chromium.wait_for_driver().map_err(failed)?;
        chromium.session = chromium.new_session(&browser).map_err(failed)?;
        Ok(chromium)
    }

    fn wait_for_driver(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let ready = self
                .agent
                .get(&format!("{}/status", self.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                .is_some_and(|v| v["value"]["ready"] == Value::Bool(true));
            if ready {
                return Ok(());
            }
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(format!("chromedriver exited at start ({status})"));
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not start in time".to_string());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn new_session(&self, browser: &Path) -> Result<String, String> {
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "goog:chromeOptions": {
                    "binary": browser.to_string_lossy(),
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--hide-scrollbars", "--window-size=1280,1024",
                        format!("--user-data-dir={}", self.profile.display()),
                    ]
                }
            }}
        });
        let created = self.post("session", &capabilities)?;
        created["sessionId"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no browser session: {created}"))
    }

    /// POSTs to the driver (`path` after its address) and returns the answer's `value`, or
    /// the driver's error message.
    fn post(&self, path: &str, body: &Value) -> Result<Value, String> {
        let mut response = self
            .agent
            .post(&format!("{}/{path}", self.base))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .map_err(|e| format!("chromedriver: {e}"))?;
        let status = response.status();
        let text = response
            .body_mut()
            .with_config()
            .limit(512 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("chromedriver: {e}"))?;
        let answer: Value =
            serde_json::from_str(&text).map_err(|e| format!("chromedriver: {e}"))?;
        let value = answer["value"].clone();
        if !status.is_success() {
            let message = value["message"].as_str().unwrap_or(&text);
            return Err(format!("chromedriver: {message}"));
        }
        Ok(value)
    }

    /// The PDF of the page at `url` (on A4, with the margins of its print stylesheet and
    /// its backgrounds), its links to the site made absolute against `permalink`.
    pub fn print(&self, url: &str, permalink: &str) -> Result<Vec<u8>, String> {
        let session = format!("session/{}", self.session);
        self.post(&format!("{session}/url"), &json!({ "url": url }))?;
        self.post(
            &format!("{session}/execute/async"),
            &json!({ "script": PREPARE, "args": [permalink] }),
        )?;
        let printed = self.post(
            &format!("{session}/print"),
            &json!({
                "page": { "width": 21.0, "height": 29.7 },
                "margin": { "top": 0, "bottom": 0, "left": 0, "right": 0 },
                "background": true,
                "shrinkToFit": false,
            }),
        )?;
        let data = printed.as_str().ok_or("the browser returned no PDF")?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| format!("the browser's PDF is not base64: {e}"))
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A program's path on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| is_executable(file))
}

fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
