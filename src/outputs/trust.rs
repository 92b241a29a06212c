//! The outputs of the trust data, beside the pages: each language's subprocessors page and
//! change feed, `/subprocessors.json`, and `/.well-known/security.txt`. A site without
//! `data/subprocessors.yaml` has none of the first three; one without `security:` in
//! `site.yaml`, no `security.txt`.

use crate::model::urls;
use crate::outputs::{Done, Render, security_txt, subprocessors_json};
use crate::pages::{sitemap, trust};
use crate::report::error::Error;

impl Render<'_, '_> {
    pub(super) fn trust(&self, done: &mut Done) {
        let builder = self.builder;
        let site = builder.site;
        let languages = &site.config.languages;
        if site.trust.subprocessors.is_some() {
            for language in languages {
                match trust::subprocessors_job(builder, language) {
                    Ok(Some(job)) => {
                        self.page(&job, done);
                        done.sitemap.push(sitemap::Entry::of(&job.page));
                    }
                    Ok(None) => {}
                    Err(e) => done.errors.push(e),
                }
                let context = trust::feed_context(builder, language, &self.sites[language]);
                let path = urls::subprocessors_feed_file(language);
                let result = self.sink.rendered(&path, 0, &mut |out| {
                    site.theme.render_to("feed.xml", &context, out)
                });
                done.record(path, result);
            }
            let json = subprocessors_json::export(
                &site.trust,
                languages,
                site.config.trust.notice_days,
                site.today,
                &builder.plan.urls,
            );
            let path = urls::SUBPROCESSORS_JSON_FILE;
            let result = match json {
                Ok(bytes) => self.sink.bytes(path, bytes),
                Err(e) => Err(Error::Write {
                    path: path.into(),
                    source: std::io::Error::other(e),
                }),
            };
            done.record(path.to_string(), result);
        }
        if let Some(security) = &site.config.trust.security {
            let config = &site.config;
            let text = security_txt::security_txt(
                security,
                &config.title[config.default_language()],
                languages,
                &config.time_zone,
                &builder.plan.urls,
            );
            let path = urls::SECURITY_TXT_FILE;
            let result = self.sink.bytes(path, text.into_bytes());
            done.record(path.to_string(), result);
        }
    }
}
