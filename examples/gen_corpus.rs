//! Writes a synthetic bilingual trust portal for the benchmark (`bench/run.sh`): N documents
//! in Japanese and English (6–10 KB a page, numbered sections with ASCII ids, lists, a
//! table, footnotes, links to other documents' sections), revision histories with frozen
//! copies, a few manuals of many chapters, and dated notices; plus copies of the
//! repository's `themes/` and `locales/`, so the folder builds as it is.
//!
//! The same arguments give the same bytes: a splitmix64 generator, no clock. A document's
//! text depends only on the seed and its number, not on N. The sentences are shuffled from
//! a small vocabulary: a realistic load for the generator, not realistic reading.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --docs 1000 --seed 1 --out /dev/shm/site
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --docs N [--seed S] --out DIR

Writes a trustdocs site with N documents (each in ja and en) under content/docs/, plus
manuals and notices, into DIR (which must not exist, be empty, or be an earlier output of
gen_corpus). Same arguments, same bytes.";

/// A file in the output folder that says gen_corpus wrote it, so a rerun may replace it.
const MARKER: &str = ".gen_corpus";

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let started = std::time::Instant::now();
    match generate(&args) {
        Ok(stats) => {
            eprintln!(
                "wrote {} documents, {} manuals ({} chapters), {} notices: {} Markdown files \
                 ({:.1} MB, {} in working copies), {} frozen copies, {} drafts, in {} ms → {}",
                args.docs,
                stats.manuals,
                stats.chapters,
                stats.notices,
                stats.markdown_files,
                stats.markdown_bytes as f64 / 1e6,
                stats.working_files,
                stats.frozen_copies,
                stats.drafts,
                started.elapsed().as_millis(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    docs: usize,
    seed: u64,
    out: PathBuf,
    /// Where `themes/` and `locales/` are copied from: this repository.
    repo: PathBuf,
}

impl Args {
    fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let (mut docs, mut seed, mut out) = (None, 1, None);
        let mut repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        while let Some(arg) = argv.next() {
            let mut value = || argv.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--docs" => docs = Some(value()?.parse().map_err(|_| "--docs: not a number")?),
                "--seed" => seed = value()?.parse().map_err(|_| "--seed: not a number")?,
                "--out" => out = Some(PathBuf::from(value()?)),
                "--repo" => repo = PathBuf::from(value()?),
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        let docs: usize = docs.ok_or("--docs is required")?;
        if docs == 0 || docs > 99_999 {
            return Err("--docs must be between 1 and 99999".into());
        }
        Ok(Args {
            docs,
            seed,
            out: out.ok_or("--out is required")?,
            repo,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Randomness: splitmix64, seeded per item so that one document does not shift the next.

struct Rng(u64);

impl Rng {
    /// A generator for one item: `(seed, what, index)` always gives the same stream.
    fn derive(seed: u64, what: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ what.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.0 ^= rng
            .next()
            .wrapping_add(index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Stream names for `Rng::derive`.
const CLASS: u64 = 1;
const BODY: u64 = 2;
const REVISE: u64 = 3;
const HISTORY: u64 = 4;
const MANUAL: u64 = 5;
const NOTICE: u64 = 6;

// ---------------------------------------------------------------------------------------
// Vocabulary: (Japanese, English) pairs that fill the templates below.

const NOUNS: &[(&str, &str)] = &[
    ("お客様のデータ", "customer data"),
    ("暗号鍵", "encryption keys"),
    ("アクセス権限", "access rights"),
    ("バックアップ", "backups"),
    ("操作ログ", "operation logs"),
    ("認証情報", "credentials"),
    ("脆弱性情報", "vulnerability reports"),
    ("セキュリティインシデント", "security incidents"),
    ("委託先", "subcontractors"),
    ("内部監査", "internal audits"),
    ("通信経路", "network paths"),
    ("管理コンソール", "the admin console"),
    ("利用者アカウント", "user accounts"),
    ("個人情報", "personal information"),
    ("障害対応の手順", "outage procedures"),
    ("パスワード", "passwords"),
    ("多要素認証", "multi-factor authentication"),
    ("サーバー証明書", "server certificates"),
    ("ネットワーク機器", "network equipment"),
    ("データの保存期間", "retention periods"),
    ("通知メール", "notification emails"),
    ("ソースコード", "source code"),
    ("本番環境", "the production environment"),
    ("検証環境", "the staging environment"),
    ("記憶媒体", "storage media"),
    ("監視システム", "the monitoring system"),
    ("従業員の端末", "staff devices"),
    ("隔離メール", "quarantined mail"),
    ("配送ログ", "delivery logs"),
    ("API キー", "API keys"),
];

/// Sentences; `{n1}`/`{n2}` are nouns, `{days}`, `{hours}`, `{months}`, `{times}` numbers.
const SENTENCES: &[(&str, &str)] = &[
    (
        "当社は、{n1}の取り扱いについて社内規程を定め、{n2}と合わせて年{times}回見直しています。",
        "We keep internal rules for handling {n1} and review them, together with those for {n2}, {times} a year.",
    ),
    (
        "{n1}の状況は、少なくとも{months}か月に一度、責任者が確認します。",
        "A responsible manager checks the state of {n1} at least once every {months} months.",
    ),
    (
        "お客様は、管理コンソールから{n1}に関する設定をいつでも変更できます。",
        "You can change the settings for {n1} from the admin console at any time.",
    ),
    (
        "{n1}に関する記録は{days}日間保存し、保存期間を過ぎたものは復元できない方法で消去します。",
        "We keep records of {n1} for {days} days and then erase them so that they cannot be restored.",
    ),
    (
        "{n1}に重大な問題が見つかった場合は、{hours}時間以内にお客様へ通知します。",
        "If we find a serious problem with {n1}, we notify you within {hours} hours.",
    ),
    (
        "{n1}と{n2}の手順は文書化し、担当者が交代しても同じ水準で運用できるようにしています。",
        "The procedures for {n1} and {n2} are written down, so that they run to the same standard whoever is on duty.",
    ),
    (
        "外部の専門機関による{n1}の評価を年{times}回受け、指摘事項は期限を決めて是正します。",
        "An external specialist assesses {n1} {times} a year, and we fix every finding by a set deadline.",
    ),
    (
        "{n1}の変更は、承認を受けた担当者だけが、記録の残る手順で行います。",
        "Only authorised staff may change {n1}, following a procedure that leaves a record.",
    ),
    (
        "本サービスは、{n1}を AES-256 で暗号化したうえで保存します。",
        "The Service stores {n1} encrypted with AES-256.",
    ),
    (
        "{n1}に異常を検知した場合は、監視システムが直ちに当番の担当者へ連絡します。",
        "When an anomaly in {n1} is detected, the monitoring system alerts the engineer on call at once.",
    ),
    (
        "特に**「{n1}」**の取り扱いについては、お客様の組織内でも手順を定めておくことをお勧めします。",
        "We recommend that your organisation also sets out its own procedure for **{n1}**.",
    ),
    (
        "{n1}へのアクセスは業務上必要な最小限の従業員に限定し、権限は四半期ごとに棚卸しします。",
        "Access to {n1} is limited to the few employees who need it for their work, and permissions are reviewed every quarter.",
    ),
    (
        "通信はすべて TLS 1.2 以上で暗号化し、{n1}を平文で送ることはありません。",
        "All communication is encrypted with TLS 1.2 or later; we never send {n1} in clear text.",
    ),
    (
        "{n1}のバックアップは日次で取得し、{days}日間保管します。",
        "We back up {n1} daily and keep the copies for {days} days.",
    ),
    (
        "{n1}について不明な点がある場合は、サポート窓口までお問い合わせください。",
        "If anything about {n1} is unclear, please contact our support desk.",
    ),
    (
        "ログの時刻は日本標準時（JST、UTC+9）で記録し、{n1}の調査に利用します。",
        "Log times are recorded in Japan Standard Time (JST, UTC+9) and used to investigate {n1}.",
    ),
    (
        "{n1}の運用状況は、ISMS（ISO/IEC 27001）の内部監査で毎年確認しています。",
        "The operation of {n1} is checked every year in our ISMS (ISO/IEC 27001) internal audit.",
    ),
    (
        "なお、{n1}の一部は{n2}と連携して処理されることがあります。",
        "Note that part of the work on {n1} may be done together with {n2}.",
    ),
    (
        "新しく採用した従業員には、{n1}と{n2}に関する教育を入社後{days}日以内に実施します。",
        "New employees are trained on {n1} and {n2} within {days} days of joining.",
    ),
    (
        "{n1}を廃棄する際は、NIST SP 800-88 に沿った方法でデータを消去します。",
        "When we dispose of {n1}, we erase the data following NIST SP 800-88.",
    ),
];

const LIST_ITEMS: &[(&str, &str)] = &[
    (
        "{n1}の管理と定期的な棚卸し",
        "Managing {n1} and taking stock regularly",
    ),
    (
        "{n1}と{n2}の見直し（年{times}回）",
        "Reviewing {n1} and {n2} ({times} a year)",
    ),
    (
        "{n1}に関する記録の保管（{days}日間）",
        "Keeping records of {n1} ({days} days)",
    ),
    (
        "{n1}を変更する前の承認手続き",
        "Approval before any change to {n1}",
    ),
    (
        "{n1}の監視と異常の検知",
        "Monitoring {n1} and detecting anomalies",
    ),
    ("従業員に対する{n1}の教育", "Training staff on {n1}"),
    (
        "{n1}の暗号化と鍵の分離",
        "Encrypting {n1} and keeping the keys apart",
    ),
    ("{n1}に関するお客様への通知", "Notifying you about {n1}"),
    ("{n1}の設定内容の確認", "Checking the settings of {n1}"),
];

const SECTIONS: &[(&str, &str)] = &[
    ("責任分界", "Shared responsibilities"),
    ("データの保存場所", "Where data is stored"),
    ("機器の廃棄", "Disposal of equipment"),
    ("暗号化", "Encryption"),
    ("アクセス制御", "Access control"),
    ("ログの管理", "Log management"),
    ("時刻同期", "Time synchronisation"),
    ("脆弱性管理", "Vulnerability management"),
    ("セキュアな開発", "Secure development"),
    ("インシデント対応", "Incident response"),
    ("事業継続", "Business continuity"),
    ("バックアップ", "Backups"),
    ("委託先の管理", "Managing subcontractors"),
    ("従業員の教育", "Staff training"),
    ("物理的セキュリティ", "Physical security"),
    ("監査", "Audits"),
    ("準拠法", "Governing law"),
    ("情報の管理", "Information management"),
    ("取得している認証", "Certifications"),
    ("外部クラウドサービス", "External cloud services"),
    ("個人情報の取り扱い", "Handling of personal information"),
    ("問い合わせ窓口", "Contact"),
    ("適用範囲", "Scope"),
    ("用語の定義", "Definitions"),
    ("改訂の手続き", "How this document is revised"),
];

const SUBSECTIONS: &[(&str, &str)] = &[
    ("基本方針", "Principles"),
    ("対象範囲", "Scope"),
    ("実施事項", "What we do"),
    ("お客様へのお願い", "What we ask of you"),
    ("例外", "Exceptions"),
    ("記録", "Records"),
    ("見直し", "Review"),
];

const TOPICS: &[(&str, &str)] = &[
    ("情報セキュリティ", "Information security"),
    ("暗号化", "Encryption"),
    ("アクセス管理", "Access management"),
    ("ログ管理", "Log management"),
    ("脆弱性管理", "Vulnerability management"),
    ("インシデント対応", "Incident response"),
    ("事業継続", "Business continuity"),
    ("委託先管理", "Subcontractor management"),
    ("個人情報保護", "Personal data protection"),
    ("データ保持", "Data retention"),
    ("物理セキュリティ", "Physical security"),
    ("変更管理", "Change management"),
    ("開発セキュリティ", "Development security"),
    ("バックアップ", "Backup"),
    ("認証基盤", "Identity platform"),
    ("ネットワーク管理", "Network management"),
    ("監査対応", "Audit response"),
    ("クラウド利用", "Cloud usage"),
    ("端末管理", "Device management"),
    ("教育・訓練", "Training and awareness"),
];

const KINDS: &[(&str, &str)] = &[
    ("基本方針", "policy"),
    ("運用基準", "operating standard"),
    ("ガイドライン", "guideline"),
    ("手順書", "procedure"),
    ("ホワイトペーパー", "white paper"),
];

const OWNERS: &[(&str, &str)] = &[
    ("情報セキュリティ委員会", "Information Security Committee"),
    ("運用部", "Operations"),
    ("開発部", "Engineering"),
    ("法務部", "Legal"),
    ("カスタマーサポート部", "Customer Support"),
    ("内部監査室", "Internal Audit"),
];

const PLACES: &[(&str, &str)] = &[
    ("AWS 東京リージョン", "AWS Tokyo Region"),
    ("AWS 大阪リージョン", "AWS Osaka Region"),
    ("国内のデータセンター", "Data centres in Japan"),
    (
        "当社オフィスの施錠された保管庫",
        "A locked safe in our office",
    ),
];

const SERVICES: &[(&str, &str)] = &[
    ("Amazon Web Services", "Amazon Web Services, Inc."),
    ("Datadog", "Datadog, Inc."),
    ("PagerDuty", "PagerDuty, Inc."),
    ("Zendesk", "Zendesk, Inc."),
    ("GitHub", "GitHub, Inc."),
    ("Google Workspace", "Google LLC"),
    ("Cloudflare", "Cloudflare, Inc."),
    ("Twilio SendGrid", "Twilio Inc."),
];

const STANDARDS: &[(&str, &str)] = &[
    ("ISO/IEC 27001", "https://www.iso.org/standard/27001"),
    ("ISO/IEC 27017", "https://www.iso.org/standard/43757.html"),
    ("ISO/IEC 27018", "https://www.iso.org/standard/76559.html"),
    ("JIS Q 15001", "https://www.jisc.go.jp/"),
    ("SOC 2", "https://www.aicpa-cima.com/"),
];

const SUMMARIES: &[(&str, &str)] = &[
    ("{n1}に関する記載を更新", "Updated the section on {n1}"),
    (
        "{n1}と{n2}の手順を明確化",
        "Clarified the procedures for {n1} and {n2}",
    ),
    ("{n1}の保存期間を変更", "Changed how long {n1} are kept"),
    (
        "{n1}に関する通知の目標時間を{hours}時間に変更",
        "Set the notification target for {n1} to {hours} hours",
    ),
    (
        "誤記の訂正と表現の統一",
        "Corrected typos and unified wording",
    ),
];

const CHAPTERS: &[(&str, &str, &str)] = &[
    ("introduction", "はじめに", "Introduction"),
    ("requirements", "動作環境", "Requirements"),
    ("setup", "初期設定", "Initial setup"),
    ("accounts", "アカウントの管理", "Managing accounts"),
    ("policies", "ポリシーの設定", "Configuring policies"),
    ("quarantine", "隔離メールの管理", "Managing quarantine"),
    ("reports", "レポート", "Reports"),
    ("notifications", "通知の設定", "Notifications"),
    ("integrations", "外部サービスとの連携", "Integrations"),
    ("api", "API の利用", "Using the API"),
    ("backup", "バックアップと復元", "Backup and restore"),
    ("audit-log", "監査ログ", "Audit log"),
    ("security", "セキュリティ設定", "Security settings"),
    (
        "troubleshooting",
        "トラブルシューティング",
        "Troubleshooting",
    ),
    ("faq", "よくある質問", "FAQ"),
    ("glossary", "用語集", "Glossary"),
];

const PRODUCTS: &[(&str, &str)] = &[
    ("mail-gateway", "Soranote Mail Gateway"),
    ("file-vault", "Soranote File Vault"),
    ("id-hub", "Soranote ID Hub"),
    ("chat-archive", "Soranote Chat Archive"),
    ("log-insight", "Soranote Log Insight"),
];

const CATEGORIES: &[&str] = &[
    "maintenance",
    "incident",
    "subprocessor",
    "policy",
    "security",
    "announcement",
    "release",
];

// ---------------------------------------------------------------------------------------
// The text model: blocks of parallel Japanese and English text.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ja,
    En,
}

const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// One piece of text in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct Bi {
    ja: String,
    en: String,
}

impl Bi {
    fn new(ja: impl Into<String>, en: impl Into<String>) -> Bi {
        Bi {
            ja: ja.into(),
            en: en.into(),
        }
    }

    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, PartialEq)]
struct Sentence {
    text: Bi,
    /// Carries a link or a footnote reference: revisions leave it alone.
    fixed: bool,
}

#[derive(Clone, PartialEq)]
enum Block {
    Heading {
        level: usize,
        number: String,
        id: String,
        title: Bi,
    },
    Paragraph(Vec<Sentence>),
    List {
        ordered: bool,
        items: Vec<Bi>,
    },
    Table {
        head: [Bi; 3],
        rows: Vec<[Bi; 3]>,
    },
    Image {
        file: String,
        alt: Bi,
    },
}

#[derive(Clone, PartialEq, Default)]
struct Body {
    blocks: Vec<Block>,
    /// Footnote definitions: label and text.
    notes: Vec<(String, Bi)>,
}

/// Fills `{n1}`, `{n2}`, `{days}`, `{hours}`, `{months}`, `{times}` in a template pair.
fn fill(rng: &mut Rng, template: &(&str, &str)) -> Bi {
    let n1 = rng.below(NOUNS.len());
    let n2 = (n1 + 1 + rng.below(NOUNS.len() - 1)) % NOUNS.len();
    let days = *rng.pick(&[7, 14, 30, 35, 60, 90, 180, 365]);
    let hours = *rng.pick(&[24, 48, 72]);
    let months = *rng.pick(&[3, 6, 12]);
    let times = rng.below(3);
    let one = |s: &str, lang: Lang| {
        let pick = |(ja, en): (&'static str, &'static str)| if lang == Lang::Ja { ja } else { en };
        s.replace("{n1}", pick(NOUNS[n1]))
            .replace("{n2}", pick(NOUNS[n2]))
            .replace("{days}", &days.to_string())
            .replace("{hours}", &hours.to_string())
            .replace("{months}", &months.to_string())
            .replace(
                "{times}",
                match lang {
                    Lang::Ja => ["1", "2", "4"][times],
                    Lang::En => ["once", "twice", "four times"][times],
                },
            )
    };
    let mut en = one(template.1, Lang::En);
    if let Some(first) = en.get(..1) {
        en = first.to_uppercase() + &en[1..];
    }
    Bi::new(one(template.0, Lang::Ja), en)
}

fn sentence(rng: &mut Rng) -> Sentence {
    let template = rng.pick(SENTENCES);
    Sentence {
        text: fill(rng, template),
        fixed: false,
    }
}

fn sentences(rng: &mut Rng, lo: usize, hi: usize) -> Vec<Sentence> {
    (0..rng.range(lo, hi)).map(|_| sentence(rng)).collect()
}

fn list_item(rng: &mut Rng) -> Bi {
    let template = rng.pick(LIST_ITEMS);
    fill(rng, template)
}

fn table(rng: &mut Rng) -> Block {
    let kind = rng.below(3);
    let head = match kind {
        0 => ["対象", "保存期間", "保存先"].map(String::from),
        1 => ["項目", "頻度", "担当"].map(String::from),
        _ => ["サービス", "用途", "運営会社"].map(String::from),
    };
    let head_en = match kind {
        0 => ["Item", "Retention", "Location"],
        1 => ["Item", "Frequency", "Owner"],
        _ => ["Service", "Purpose", "Operator"],
    };
    let head = [0, 1, 2].map(|i| Bi::new(head[i].clone(), head_en[i]));
    let rows = (0..rng.range(3, 6)).map(|_| table_row(rng, kind)).collect();
    Block::Table { head, rows }
}

fn table_row(rng: &mut Rng, kind: usize) -> [Bi; 3] {
    let noun = |rng: &mut Rng| {
        let (ja, en) = *rng.pick(NOUNS);
        let mut en = en.to_string();
        en = en[..1].to_uppercase() + &en[1..];
        Bi::new(ja, en)
    };
    let pair = |rng: &mut Rng, list: &[(&str, &str)]| {
        let (ja, en) = *rng.pick(list);
        Bi::new(ja, en)
    };
    match kind {
        0 => {
            let days = *rng.pick(&[30, 90, 180, 365, 730]);
            [
                noun(rng),
                Bi::new(format!("{days}日間"), format!("{days} days")),
                pair(rng, PLACES),
            ]
        }
        1 => {
            let (ja, en) = *rng.pick(&[
                ("毎日", "Daily"),
                ("毎週", "Weekly"),
                ("毎月", "Monthly"),
                ("四半期ごと", "Quarterly"),
                ("年1回", "Yearly"),
            ]);
            [noun(rng), Bi::new(ja, en), pair(rng, OWNERS)]
        }
        _ => {
            let (service, operator) = *rng.pick(SERVICES);
            let (ja, en) = *rng.pick(NOUNS);
            [
                Bi::new(service, service),
                Bi::new(format!("{ja}の処理"), format!("Processing {en}")),
                Bi::new(operator, operator),
            ]
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rendering the model as Markdown, with lines wrapped as writers wrap them.

impl Body {
    fn markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Heading {
                    level,
                    number,
                    id,
                    title,
                } => {
                    let _ = writeln!(
                        out,
                        "{} {number} {} {{#{id}}}",
                        "#".repeat(*level),
                        title.get(lang)
                    );
                }
                Block::Paragraph(sentences) => {
                    let texts: Vec<&str> = sentences.iter().map(|s| s.text.get(lang)).collect();
                    match lang {
                        Lang::Ja => out.push_str(&wrap_ja(&texts.concat(), 38)),
                        Lang::En => out.push_str(&wrap_en(&texts.join(" "), 78)),
                    }
                    out.push('\n');
                }
                Block::List { ordered, items } => {
                    for (i, item) in items.iter().enumerate() {
                        if *ordered {
                            let _ = writeln!(out, "{}. {}", i + 1, item.get(lang));
                        } else {
                            let _ = writeln!(out, "- {}", item.get(lang));
                        }
                    }
                }
                Block::Table { head, rows } => {
                    let row = |cells: &[Bi; 3]| {
                        format!(
                            "| {} | {} | {} |\n",
                            cells[0].get(lang),
                            cells[1].get(lang),
                            cells[2].get(lang)
                        )
                    };
                    out.push_str(&row(head));
                    out.push_str("| --- | --- | --- |\n");
                    for cells in rows {
                        out.push_str(&row(cells));
                    }
                }
                Block::Image { file, alt } => {
                    let _ = writeln!(
                        out,
                        "![{}](images/{file}.{}.svg)",
                        alt.get(lang),
                        lang.code()
                    );
                }
            }
            out.push('\n');
        }
        for (label, text) in &self.notes {
            let _ = writeln!(out, "[^{label}]: {}", text.get(lang));
        }
        out
    }

    fn paragraphs(&self) -> Vec<usize> {
        (0..self.blocks.len())
            .filter(|&i| matches!(self.blocks[i], Block::Paragraph(_)))
            .collect()
    }
}

/// Japanese text does not break at spaces: wrap between two wide characters, never inside
/// a link, bold or footnote reference, never before closing or after opening punctuation.
fn wrap_ja(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 30);
    let mut line = 0;
    // Brackets `[`…`]`, link targets `(`…`)` after `]`, and `**`…`**` must stay on a line.
    let (mut square, mut paren, mut bold) = (0usize, 0usize, false);
    for i in 0..chars.len() {
        let c = chars[i];
        if i > 0 && line >= width && square == 0 && paren == 0 && !bold {
            let p = chars[i - 1];
            let breakable = !p.is_ascii()
                && !c.is_ascii()
                && !"。、」』）〕・ー".contains(c)
                && !"「『（〔".contains(p);
            if breakable {
                out.push('\n');
                line = 0;
            }
        }
        match c {
            '[' => square += 1,
            ']' => {
                square = square.saturating_sub(1);
                if chars.get(i + 1) == Some(&'(') {
                    paren += 1;
                }
            }
            ')' if paren > 0 && square == 0 => paren -= 1,
            '*' if chars.get(i + 1) == Some(&'*') => bold = !bold,
            _ => {}
        }
        out.push(c);
        line += 1;
    }
    out
}

/// English wraps at spaces; a word that would start a line as Markdown syntax (`- `, `1.`)
/// stays on the line before.
fn wrap_en(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 60);
    let mut line = 0;
    for word in text.split(' ') {
        let syntax = word.starts_with(['-', '+', '*', '#', '>', '=', '|'])
            || (word.ends_with(['.', ')'])
                && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit()));
        if line > 0 && line + 1 + word.len() > width && !syntax {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

// ---------------------------------------------------------------------------------------
// Bodies: sections until the page reaches its size, then revisions of them.

/// A page other pages may link to, with sections `#section-1` to `#section-5` at least.
#[derive(Clone)]
struct LinkTarget {
    /// Path under `content/` without `.<lang>.md`, e.g. `docs/doc-0007/index`.
    path: String,
    title: Bi,
}

struct BodySpec<'a> {
    /// Size of the English Markdown to reach, in bytes (the Japanese is about a fifth
    /// longer, as in real pages: three bytes a character).
    target: usize,
    /// The folder the page is in, for relative links.
    dir: &'a str,
    /// The page's own path (never linked to as "another document").
    own: &'a str,
    targets: &'a [LinkTarget],
    /// An image under `images/` to show in the first section.
    image: Option<&'a str>,
}

/// Every body has at least this many numbered sections, so links to `#section-1`…`#section-5`
/// always land.
const MIN_SECTIONS: usize = 5;
const LINKED_SECTIONS: usize = 5;

fn gen_body(rng: &mut Rng, spec: &BodySpec) -> Body {
    let mut body = Body::default();
    body.blocks.push(Block::Paragraph(sentences(rng, 3, 4)));
    let mut order: Vec<usize> = (0..SECTIONS.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let table_at = rng.range(1, 3);
    let list_at = rng.range(1, 4);
    let mut s = 0;
    while s < MIN_SECTIONS || (body.markdown(Lang::En).len() < spec.target && s < 14) {
        s += 1;
        let (ja, en) = SECTIONS[order[(s - 1) % order.len()]];
        body.blocks.push(Block::Heading {
            level: 2,
            number: format!("{s}."),
            id: format!("section-{s}"),
            title: Bi::new(ja, en),
        });
        let mut paragraph = sentences(rng, 3, 5);
        if s == 1 || s == 3 || rng.percent(40) {
            paragraph.push(cross_link(rng, spec));
        }
        if s > 1 && rng.percent(25) {
            paragraph.push(section_link(rng, &body, s));
        }
        if body.notes.len() < 3 && (s == 2 || rng.percent(20)) {
            paragraph.push(footnote(rng, &mut body));
        }
        body.blocks.push(Block::Paragraph(paragraph));
        if s == 1
            && let Some(file) = spec.image
        {
            body.blocks.push(Block::Image {
                file: file.to_string(),
                alt: Bi::new("サービスの構成図", "Diagram of how the service is built"),
            });
        }
        if s == list_at || rng.percent(35) {
            let items = (0..rng.range(3, 6)).map(|_| list_item(rng)).collect();
            body.blocks.push(Block::List {
                ordered: rng.percent(30),
                items,
            });
        }
        if s == table_at {
            body.blocks.push(table(rng));
            body.blocks.push(Block::Paragraph(sentences(rng, 1, 2)));
        }
        for k in 1..=rng.range(0, 2) {
            let (ja, en) = *rng.pick(SUBSECTIONS);
            body.blocks.push(Block::Heading {
                level: 3,
                number: format!("{s}.{k}"),
                id: format!("section-{s}-{k}"),
                title: Bi::new(ja, en),
            });
            body.blocks.push(Block::Paragraph(sentences(rng, 2, 4)));
            if rng.percent(30) {
                let items = (0..rng.range(2, 4)).map(|_| list_item(rng)).collect();
                body.blocks.push(Block::List {
                    ordered: false,
                    items,
                });
            }
        }
    }
    body
}

/// "For details, see [another document](../doc-0007/index.en.md#section-3)."
fn cross_link(rng: &mut Rng, spec: &BodySpec) -> Sentence {
    let candidates: Vec<&LinkTarget> = spec.targets.iter().filter(|t| t.path != spec.own).collect();
    let Some(target) = candidates.get(rng.below(candidates.len())) else {
        return sentence(rng);
    };
    let rel = relative(spec.dir, &target.path);
    let section = rng.range(1, LINKED_SECTIONS);
    // Writers name the language or leave it to the page's own; both must work.
    let explicit = rng.percent(70);
    let path = |lang: Lang| {
        if explicit {
            format!("{rel}.{}.md#section-{section}", lang.code())
        } else {
            format!("{rel}.md#section-{section}")
        }
    };
    Sentence {
        text: Bi::new(
            format!(
                "詳しくは「[{}]({})」の第{section}項を参照してください。",
                target.title.ja,
                path(Lang::Ja)
            ),
            format!(
                "For details, see section {section} of [{}]({}).",
                target.title.en,
                path(Lang::En)
            ),
        ),
        fixed: true,
    }
}

/// A link to an earlier section of the same page.
fn section_link(rng: &mut Rng, body: &Body, current: usize) -> Sentence {
    let k = rng.range(1, current - 1);
    let title = body
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { id, title, .. } if *id == format!("section-{k}") => {
                Some(title.clone())
            }
            _ => None,
        })
        .unwrap_or_default();
    Sentence {
        text: Bi::new(
            format!(
                "この点については「[{k}. {}](#section-{k})」も参照してください。",
                title.ja
            ),
            format!("See also [{k}. {}](#section-{k}).", title.en),
        ),
        fixed: true,
    }
}

fn footnote(rng: &mut Rng, body: &mut Body) -> Sentence {
    let (standard, url) = *rng.pick(STANDARDS);
    let label = format!("n{}", body.notes.len() + 1);
    body.notes.push((
        label.clone(),
        Bi::new(
            format!("認証の範囲は、認証機関の公開情報（[{standard}]({url})）で確認できます。"),
            format!("The scope of the certification is listed by the certification body ([{standard}]({url}))."),
        ),
    ));
    Sentence {
        text: Bi::new(
            format!("当社は {standard} の認証を取得しています[^{label}]。"),
            format!("We are certified to {standard}.[^{label}]"),
        ),
        fixed: true,
    }
}

/// One revision's edits: a few sentences reworded, sometimes a list item, a table row or a
/// sentence added. Links and footnotes stay, so every copy's links still land.
fn revise(rng: &mut Rng, body: &mut Body) {
    let paragraphs = body.paragraphs();
    let mut changed = false;
    for _ in 0..rng.range(1, 3) {
        let p = *rng.pick(&paragraphs);
        let Block::Paragraph(sentences) = &mut body.blocks[p] else {
            continue;
        };
        let free: Vec<usize> = (0..sentences.len())
            .filter(|&i| !sentences[i].fixed)
            .collect();
        if free.is_empty() {
            continue;
        }
        let i = *rng.pick(&free);
        let fresh = sentence(rng);
        changed |= fresh != sentences[i];
        sentences[i] = fresh;
    }
    if rng.percent(40)
        && let Some(Block::List { items, .. }) = body
            .blocks
            .iter_mut()
            .find(|b| matches!(b, Block::List { .. }))
    {
        items.push(list_item(rng));
        changed = true;
    }
    if rng.percent(30)
        && let Some(Block::Table { rows, head }) = body
            .blocks
            .iter_mut()
            .find(|b| matches!(b, Block::Table { .. }))
    {
        let kind = match head[1].en.as_str() {
            "Retention" => 0,
            "Frequency" => 1,
            _ => 2,
        };
        let i = rng.below(rows.len());
        rows[i] = table_row(rng, kind);
        changed = true;
    }
    if !changed || rng.percent(25) {
        let p = *rng.pick(&paragraphs);
        if let Block::Paragraph(sentences) = &mut body.blocks[p] {
            sentences.push(Sentence {
                text: Bi::new(
                    "この項の内容は、改訂にあわせて見直しました。",
                    "This section was reviewed for this revision.",
                ),
                fixed: false,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Revision histories.

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date(i64);

impl Date {
    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    fn from_ymd(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    fn ymd(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    fn minus(self, days: usize) -> Date {
        Date(self.0 - days as i64)
    }
}

/// The newest date anything is dated: well before any real "today" the benchmark runs on.
fn last_day() -> Date {
    Date::from_ymd(2025, 6, 30)
}

#[derive(Clone)]
struct Revision {
    version: (u32, u32),
    date: Date,
    summary: Bi,
}

impl Revision {
    fn version(&self) -> String {
        format!("{}.{}", self.version.0, self.version.1)
    }
}

fn gen_history(rng: &mut Rng, count: usize) -> Vec<Revision> {
    let mut dates = vec![last_day().minus(rng.range(0, 900))];
    for _ in 1..count {
        let previous = dates[dates.len() - 1];
        dates.push(previous.minus(rng.range(30, 400)));
    }
    dates.reverse();
    let mut version = (1, 0);
    let mut history = Vec::new();
    for (i, date) in dates.into_iter().enumerate() {
        let summary = if i == 0 {
            Bi::new("初版制定", "First edition")
        } else {
            version = if rng.percent(20) {
                (version.0 + 1, 0)
            } else {
                (version.0, version.1 + 1)
            };
            let template = rng.pick(SUMMARIES);
            fill(rng, template)
        };
        history.push(Revision {
            version,
            date,
            summary,
        });
    }
    history
}

fn history_yaml(history: &[Revision]) -> String {
    let mut out = String::new();
    for revision in history {
        let _ = write!(
            out,
            "- version: \"{}\"\n  date: {}\n  summary:\n    ja: {}\n    en: {}\n",
            revision.version(),
            revision.date.iso(),
            quoted(&revision.summary.ja),
            quoted(&revision.summary.en)
        );
    }
    out
}

// ---------------------------------------------------------------------------------------
// The site plan and the files written from it.

/// How a document's revisions are kept.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    /// Never released: left out of `build` without `--drafts`.
    Draft,
    /// Released before the tool: history without frozen copies; the working copy is shown.
    HistoryOnly,
    /// The last `frozen` revisions have copies under `releases/`; `draft` says whether
    /// the working copy holds changes made since the last one.
    Frozen { frozen: usize, draft: bool },
}

fn classify(rng: &mut Rng) -> Class {
    match rng.below(100) {
        0..5 => Class::Draft,
        5..60 => Class::HistoryOnly,
        roll => Class::Frozen {
            frozen: match roll {
                60..76 => 1,
                76..90 => 2,
                _ => 3,
            },
            draft: rng.percent(30),
        },
    }
}

struct Writer {
    root: PathBuf,
    stats: Stats,
}

#[derive(Default)]
struct Stats {
    markdown_files: usize,
    markdown_bytes: usize,
    working_files: usize,
    frozen_copies: usize,
    drafts: usize,
    manuals: usize,
    chapters: usize,
    notices: usize,
}

impl Writer {
    fn write(&mut self, rel: &str, text: &str) -> Result<(), String> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        if rel.ends_with(".md") {
            self.stats.markdown_files += 1;
            self.stats.markdown_bytes += text.len();
            if !rel.contains("/releases/") {
                self.stats.working_files += 1;
            }
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Writes `dir/stem.<lang>.md` in both languages.
    fn page(&mut self, dir: &str, stem: &str, front: &Front, body: &Body) -> Result<(), String> {
        for lang in LANGS {
            let text = format!("{}\n{}", front.yaml(lang), body.markdown(lang));
            let folder = if dir.is_empty() {
                "content".to_string()
            } else {
                format!("content/{dir}")
            };
            self.write(&format!("{folder}/{stem}.{}.md", lang.code()), &text)?;
        }
        Ok(())
    }
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Front matter of one page in both languages.
#[derive(Clone, Default)]
struct Front {
    title: Bi,
    description: Bi,
    /// `translation_of` of the English page.
    translation_of: Option<String>,
    /// Extra lines, the same in both languages (`type`, `date`, `toc`, `weight`).
    extra: Vec<String>,
}

impl Front {
    fn yaml(&self, lang: Lang) -> String {
        let mut out = format!(
            "---\ntitle: {}\ndescription: {}\n",
            quoted(self.title.get(lang)),
            quoted(self.description.get(lang))
        );
        if lang == Lang::En
            && let Some(version) = &self.translation_of
        {
            let _ = writeln!(out, "translation_of: \"{version}\"");
        }
        for line in &self.extra {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("---\n");
        out
    }
}

fn generate(args: &Args) -> Result<Stats, String> {
    prepare_out(&args.out)?;
    let mut w = Writer {
        root: args.out.clone(),
        stats: Stats::default(),
    };
    w.write(
        MARKER,
        &format!(
            "gen_corpus --docs {} --seed {}\nThis folder is replaced when gen_corpus runs again.\n",
            args.docs, args.seed
        ),
    )?;
    w.write("site.yaml", SITE_YAML)?;
    for dir in ["themes", "locales"] {
        copy_tree(&args.repo.join(dir), &args.out.join(dir))?;
    }

    let seed = args.seed;
    let width = args.docs.saturating_sub(1).to_string().len().max(4);
    let doc_dir = |i: usize| format!("docs/doc-{i:0width$}");
    let classes: Vec<Class> = (0..args.docs)
        .map(|i| classify(&mut Rng::derive(seed, CLASS, i as u64)))
        .collect();
    let manuals = (args.docs / 200).clamp(1, PRODUCTS.len());
    let chapters: Vec<usize> = (0..manuals)
        .map(|m| Rng::derive(seed, MANUAL, m as u64).range(8, CHAPTERS.len()))
        .collect();

    // Pages other pages link to: every released document and every manual chapter.
    let mut targets: Vec<LinkTarget> = (0..args.docs)
        .filter(|&i| classes[i] != Class::Draft)
        .map(|i| LinkTarget {
            path: format!("{}/index", doc_dir(i)),
            title: doc_title(i, width),
        })
        .collect();
    for (m, &count) in chapters.iter().enumerate() {
        for (c, (slug, ja, en)) in CHAPTERS.iter().take(count).enumerate() {
            targets.push(LinkTarget {
                path: format!("manuals/{}/{:02}-{slug}", PRODUCTS[m].0, c + 1),
                title: Bi::new(*ja, *en),
            });
        }
    }

    write_listings(&mut w, &targets)?;
    for (i, &class) in classes.iter().enumerate() {
        write_document(&mut w, seed, i, &doc_dir(i), width, class, &targets)?;
    }
    for (m, &count) in chapters.iter().enumerate() {
        write_manual(&mut w, seed, m, count, &targets)?;
    }
    let notices = (args.docs / 20).max(4);
    write_notices(&mut w, seed, notices, &targets)?;
    w.stats.manuals = manuals;
    w.stats.chapters = chapters.iter().sum();
    w.stats.notices = notices;
    w.stats.drafts = classes.iter().filter(|c| **c == Class::Draft).count();
    Ok(w.stats)
}

const SITE_YAML: &str = "title:
  ja: ベンチマーク トラストポータル
  en: Benchmark Trust Portal
description:
  ja: trustdocs の性能測定のために生成したポータルです。
  en: A portal generated to measure the performance of trustdocs.
base_url: https://trust.bench.example/
languages: [ja, en]
default_language: ja
time_zone: Asia/Tokyo
theme: default
";

fn doc_title(i: usize, width: usize) -> Bi {
    let mut rng = Rng::derive(0, CLASS, i as u64);
    let (topic_ja, topic_en) = *rng.pick(TOPICS);
    let (kind_ja, kind_en) = *rng.pick(KINDS);
    Bi::new(
        format!("{topic_ja}{kind_ja}（第{i:0width$}号）"),
        format!("{topic_en} {kind_en} (No. {i:0width$})"),
    )
}

/// Refuses to touch a folder that is neither empty nor an earlier output of gen_corpus.
fn prepare_out(out: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !out.join(MARKER).is_file() {
        return Err(format!(
            "{} is not empty and was not written by gen_corpus: choose another --out",
            out.display()
        ));
    }
    std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The home and the three listing folders.
fn write_listings(w: &mut Writer, targets: &[LinkTarget]) -> Result<(), String> {
    let intro = |ja: &str, en: &str| Body {
        blocks: vec![Block::Paragraph(vec![Sentence {
            text: Bi::new(ja, en),
            fixed: true,
        }])],
        notes: Vec::new(),
    };
    let mut home = intro(
        "このポータルでは、当社のセキュリティに関する文書、製品マニュアル、お知らせを公開しています。\
         日本語版を正本とし、英語版は参考のための翻訳です。",
        "This portal publishes our security documents, product manuals and notices. The \
         Japanese version is authoritative; the English version is a translation for reference.",
    );
    home.blocks.push(Block::Heading {
        level: 2,
        number: "1.".into(),
        id: "contents".into(),
        title: Bi::new("掲載している情報", "What you will find here"),
    });
    home.blocks.push(Block::List {
        ordered: false,
        items: [
            ("docs", "文書一覧", "Documents"),
            ("manuals", "製品マニュアル", "Product manuals"),
            ("notices", "お知らせ", "Notices"),
        ]
        .iter()
        .map(|(dir, ja, en)| {
            Bi::new(
                format!("[{ja}]({dir}/index.ja.md)"),
                format!("[{en}]({dir}/index.en.md)"),
            )
        })
        .collect(),
    });
    if let Some(first) = targets.first() {
        home.blocks.push(Block::Paragraph(vec![Sentence {
            text: Bi::new(
                format!(
                    "まず「[{}]({}.ja.md)」をご覧ください。",
                    first.title.ja, first.path
                ),
                format!("Start with [{}]({}.en.md).", first.title.en, first.path),
            ),
            fixed: true,
        }]));
    }
    let front = |ja: &str, en: &str, extra: &[&str]| Front {
        title: Bi::new(ja, en),
        description: Bi::new(
            format!("{ja}の一覧です。"),
            format!("All {}.", en.to_lowercase()),
        ),
        translation_of: None,
        extra: extra.iter().map(|s| s.to_string()).collect(),
    };
    let mut home_front = front(
        "ベンチマーク トラストポータル",
        "Benchmark Trust Portal",
        &["toc: false"],
    );
    home_front.description = Bi::new(
        "生成したトラストポータルのホームです。",
        "Home of the generated trust portal.",
    );
    w.page("", "index", &home_front, &home)?;
    let listings = [
        ("docs", "文書", "Documents", "weight: 1", "toc: false"),
        (
            "manuals",
            "製品マニュアル",
            "Product manuals",
            "weight: 2",
            "toc: false",
        ),
        (
            "notices",
            "お知らせ",
            "Notices",
            "weight: 3",
            "type: notices",
        ),
    ];
    for (dir, ja, en, weight, extra) in listings {
        let body = intro(
            &format!("当社の{ja}を掲載しています。各ページから過去の版と変更点も確認できます。"),
            &format!(
                "Our {}, with earlier revisions and what changed in each.",
                en.to_lowercase()
            ),
        );
        w.page(dir, "index", &front(ja, en, &[weight, extra]), &body)?;
    }
    Ok(())
}

/// Size of a page's English Markdown, so that both languages land in 6–10 KB with room
/// left for revisions.
fn page_target(rng: &mut Rng) -> usize {
    rng.range(5_700, 7_000)
}

fn write_document(
    w: &mut Writer,
    seed: u64,
    i: usize,
    dir: &str,
    width: usize,
    class: Class,
    targets: &[LinkTarget],
) -> Result<(), String> {
    let mut rng = Rng::derive(seed, BODY, i as u64);
    let own = format!("{dir}/index");
    let spec = BodySpec {
        target: page_target(&mut rng),
        dir,
        own: &own,
        targets,
        image: None,
    };
    let body = gen_body(&mut rng, &spec);
    let title = doc_title(i, width);
    let front = Front {
        description: Bi::new(
            format!("{}について、当社の方針と実施事項を定めます。", title.ja),
            format!("Our principles and practices: {}.", title.en),
        ),
        title,
        translation_of: None,
        extra: Vec::new(),
    };
    let mut hist_rng = Rng::derive(seed, HISTORY, i as u64);
    let revisions = hist_rng.range(2, 7);
    let history = gen_history(&mut hist_rng, revisions);
    let mut revise_rng = Rng::derive(seed, REVISE, i as u64);
    let lag = hist_rng.percent(10);
    let copies = std::slice::from_ref(&body);
    write_versioned(
        w,
        dir,
        &front,
        class,
        &history,
        lag,
        |rng, body| {
            revise(rng, &mut body[0]);
        },
        &mut revise_rng,
        copies,
        &["index"],
    )
}

/// Writes the working copy of a document (index and chapters), its `history.yaml` and its
/// frozen copies, as its class says. `bodies[k]` is page `stems[k]`.
#[allow(clippy::too_many_arguments)]
fn write_versioned(
    w: &mut Writer,
    dir: &str,
    front: &Front,
    class: Class,
    history: &[Revision],
    lag: bool,
    revise_all: impl Fn(&mut Rng, &mut Vec<Body>),
    rng: &mut Rng,
    bodies: &[Body],
    stems: &[&str],
) -> Result<(), String> {
    let fronts = |version: Option<usize>, fronts: &[Front]| -> Vec<Front> {
        fronts
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.translation_of = version.map(|v| {
                    let shown = if lag && v > 0 { v - 1 } else { v };
                    history[shown].version()
                });
                f
            })
            .collect()
    };
    let page_fronts: Vec<Front> = stems
        .iter()
        .enumerate()
        .map(|(k, _)| {
            if k == 0 {
                front.clone()
            } else {
                chapter_front(front, k)
            }
        })
        .collect();
    let write_copy = |w: &mut Writer, base: &str, fronts: &[Front], bodies: &[Body]| {
        for ((stem, front), body) in stems.iter().zip(fronts).zip(bodies) {
            w.page(base, stem, front, body)?;
        }
        Ok::<(), String>(())
    };
    let latest = history.len() - 1;
    match class {
        Class::Draft => write_copy(w, dir, &fronts(None, &page_fronts), bodies),
        Class::HistoryOnly => {
            w.write(
                &format!("content/{dir}/history.yaml"),
                &history_yaml(history),
            )?;
            write_copy(w, dir, &fronts(Some(latest), &page_fronts), bodies)
        }
        Class::Frozen { frozen, draft } => {
            w.write(
                &format!("content/{dir}/history.yaml"),
                &history_yaml(history),
            )?;
            let frozen = frozen.min(history.len());
            let mut state = bodies.to_vec();
            for v in history.len() - frozen..history.len() {
                if v > history.len() - frozen {
                    revise_all(rng, &mut state);
                }
                let base = format!("{dir}/releases/{}", history[v].version());
                write_copy(w, &base, &fronts(Some(v), &page_fronts), &state)?;
                w.stats.frozen_copies += 1;
            }
            if draft {
                revise_all(rng, &mut state);
            }
            write_copy(w, dir, &fronts(Some(latest), &page_fronts), &state)
        }
    }
}

fn chapter_front(manual: &Front, k: usize) -> Front {
    let (_, ja, en) = CHAPTERS[k - 1];
    Front {
        title: Bi::new(ja, en),
        description: Bi::new(
            format!("{}の「{ja}」の章です。", manual.title.ja),
            format!("The \"{en}\" chapter of the {}.", manual.title.en),
        ),
        translation_of: None,
        extra: Vec::new(),
    }
}

fn write_manual(
    w: &mut Writer,
    seed: u64,
    m: usize,
    chapters: usize,
    targets: &[LinkTarget],
) -> Result<(), String> {
    let (slug, product) = PRODUCTS[m];
    let dir = format!("manuals/{slug}");
    let mut rng = Rng::derive(seed, MANUAL, 1_000 + m as u64);
    let mut stems = vec!["index".to_string()];
    stems.extend(
        CHAPTERS
            .iter()
            .take(chapters)
            .enumerate()
            .map(|(c, (name, _, _))| format!("{:02}-{name}", c + 1)),
    );
    let mut bodies = Vec::new();
    for (k, stem) in stems.iter().enumerate() {
        let own = format!("{dir}/{stem}");
        let spec = BodySpec {
            target: page_target(&mut rng),
            dir: &dir,
            own: &own,
            targets,
            image: (k == 1).then_some("overview"),
        };
        bodies.push(gen_body(&mut rng, &spec));
    }
    let overview = |lang: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\"><text x=\"10\" \
             y=\"35\">{product} ({lang})</text></svg>\n"
        )
    };
    for lang in LANGS {
        w.write(
            &format!("content/{dir}/images/overview.{}.svg", lang.code()),
            &overview(lang.code()),
        )?;
    }
    let front = Front {
        title: Bi::new(
            format!("{product} 管理者マニュアル"),
            format!("{product} Administrator Guide"),
        ),
        description: Bi::new(
            format!("{product} の導入と運用の手順を説明します。"),
            format!("How to set up and run {product}."),
        ),
        translation_of: None,
        extra: Vec::new(),
    };
    let revisions = rng.range(2, 5);
    let history = gen_history(&mut rng, revisions);
    let frozen = 2;
    let class = Class::Frozen {
        frozen,
        draft: rng.percent(50),
    };
    // Each release froze the diagram with its pages, as `trustdocs release` does.
    for revision in history.iter().rev().take(frozen) {
        for lang in LANGS {
            w.write(
                &format!(
                    "content/{dir}/releases/{}/images/overview.{}.svg",
                    revision.version(),
                    lang.code()
                ),
                &overview(lang.code()),
            )?;
        }
    }
    let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
    let mut revise_rng = Rng::derive(seed, REVISE, 1_000_000 + m as u64);
    write_versioned(
        w,
        &dir,
        &front,
        class,
        &history,
        false,
        |rng, bodies| {
            // A manual revision touches a few chapters, not all of them.
            for _ in 0..rng.range(1, 3) {
                let k = rng.below(bodies.len());
                revise(rng, &mut bodies[k]);
            }
        },
        &mut revise_rng,
        &bodies,
        &stems,
    )
}

fn write_notices(
    w: &mut Writer,
    seed: u64,
    count: usize,
    targets: &[LinkTarget],
) -> Result<(), String> {
    let mut date = last_day();
    for n in 0..count {
        let mut rng = Rng::derive(seed, NOTICE, n as u64);
        let category = *rng.pick(CATEGORIES);
        let (noun_ja, noun_en) = *rng.pick(NOUNS);
        let (y, m, d) = date.ymd();
        // The portal's own English date wording, from the library.
        let english =
            trustdocs::model::language::Language::parse("en").expect("en is a language tag");
        let long_date = trustdocs::model::date::DateText::new(
            jiff::civil::date(y as i16, m as i8, d as i8),
            &english,
        )
        .long;
        let title = match category {
            "maintenance" => Bi::new(
                format!("{y}年{m}月{d}日の定期メンテナンスのお知らせ"),
                format!("Scheduled maintenance on {long_date}"),
            ),
            "incident" => Bi::new(
                format!("{noun_ja}に関する障害のご報告"),
                format!("Incident report: {noun_en}"),
            ),
            "subprocessor" => {
                let (service, _) = *rng.pick(SERVICES);
                Bi::new(
                    format!("委託先の変更について（{service}）"),
                    format!("Change of subprocessor ({service})"),
                )
            }
            _ => Bi::new(
                format!("{noun_ja}に関するお知らせ"),
                format!("About {noun_en}"),
            ),
        };
        let dir = "notices";
        let spec = BodySpec {
            target: 0,
            dir,
            own: "",
            targets,
            image: None,
        };
        let mut summary = sentences(&mut rng, 2, 4);
        summary.push(cross_link(&mut rng, &spec));
        let body = Body {
            blocks: vec![
                Block::Paragraph(sentences(&mut rng, 2, 3)),
                Block::Heading {
                    level: 2,
                    number: "1.".into(),
                    id: "summary".into(),
                    title: Bi::new("概要", "Summary"),
                },
                Block::Paragraph(summary),
                Block::Heading {
                    level: 2,
                    number: "2.".into(),
                    id: "impact".into(),
                    title: Bi::new("影響", "Impact"),
                },
                Block::List {
                    ordered: false,
                    items: (0..rng.range(2, 4)).map(|_| list_item(&mut rng)).collect(),
                },
                Block::Heading {
                    level: 2,
                    number: "3.".into(),
                    id: "next-steps".into(),
                    title: Bi::new("今後の対応", "Next steps"),
                },
                Block::Paragraph(sentences(&mut rng, 2, 4)),
            ],
            notes: Vec::new(),
        };
        let front = Front {
            description: Bi::new(format!("{}。", title.ja), format!("{}.", title.en)),
            title,
            translation_of: None,
            extra: vec![
                format!("date: {}", date.iso()),
                format!("category: {category}"),
            ],
        };
        let stem = format!("{}-{category}-{n:04}", date.iso());
        w.page(dir, &stem, &front, &body)?;
        date = date.minus(rng.range(1, 9));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2025, 6, 30), (2024, 12, 31)] {
            assert_eq!(Date::from_ymd(y, m, d).ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(2025, 3, 1).minus(1).iso(), "2025-02-28");
    }

    #[test]
    fn japanese_wraps_between_wide_characters_only() {
        let text = "当社は「[暗号化運用基準](../doc-0001/index.ja.md#section-2)」を定め、\
                    **「重要」**な情報を TLS 1.2 以上で暗号化したうえで保存します。";
        let wrapped = wrap_ja(&text.repeat(3), 10);
        assert!(wrapped.lines().count() > 3);
        for line in wrapped.lines() {
            assert!(!line.starts_with(['。', '、', '」']), "{line}");
            assert_eq!(line.matches("**").count() % 2, 0, "{line}");
        }
        assert_eq!(wrapped.replace('\n', ""), text.repeat(3));
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative("docs/doc-0001", "docs/doc-0002/index"),
            "../doc-0002/index"
        );
        assert_eq!(
            relative("manuals/mail-gateway", "docs/doc-0002/index"),
            "../../docs/doc-0002/index"
        );
        assert_eq!(relative("manuals/a", "manuals/a/02-setup"), "02-setup");
        assert_eq!(
            relative("notices", "docs/doc-0002/index"),
            "../docs/doc-0002/index"
        );
    }
}

/// The path from folder `from` to `to` (both under `content/`), with `..` as needed.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}
