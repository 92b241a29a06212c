# Revision history, archives, "what changed" pages and feeds
# A { $version } here is the version as main.ftl's version-number words it (Version 4.5).

revision-what-changed = What changed
banner-draft-title = Draft — not yet released.
banner-draft-text = This page contains changes that have not been published yet.
banner-draft-diff = See the changes since { $version }
banner-archived-title = Archived: { $version }.
banner-archived-text = This is not the latest revision.
banner-archived-latest = Read the latest revision ({ $version })
banner-archived-latest-plain = Read the latest revision
banner-outdated-title = This translation may be out of date.
banner-outdated-text = It translates { $translates } of the Japanese original; the latest revision is { $current }. Where the two differ, the Japanese original prevails.
banner-outdated-original = Read the original ({ $language })
diff-page-title = What changed in { $document }
diff-dated = (revised { $date })
diff-title = What changed
diff-between = Changes from { $from } to { $to }
diff-draft = Changes from { $from } to the current draft
diff-draft-label = Draft
diff-counts = { $changed } changed, { $added } added, { $removed } removed, { $moved } moved
diff-view-new = View the new revision
diff-view-old = View the previous revision
diff-view-choice = Show
diff-view-table = Side by side
diff-view-inline = Inline
diff-table-caption = { $page }: the revised text beside the previous text
diff-column-new = Revised ({ $version })
diff-column-old = Previous ({ $version })
diff-status-changed = changed
diff-status-added = added
diff-status-removed = removed
diff-section-opening = Opening text
diff-section-removed = section removed
diff-unchanged-sections = Unchanged:{" "}
diff-list-separator = ,{" "}
diff-folded-blocks = { $count ->
    [one] One unchanged block not shown
   *[other] { $count } unchanged blocks not shown
}
diff-badge-changed = Changed
diff-badge-added = Added
diff-badge-removed = Removed
diff-badge-replaced = Changed
diff-badge-moved-here = Moved here
diff-badge-moved-away = Moved away
diff-moved-from = Moved here from “{ $section }”.
diff-moved-to = Moved to “{ $section }”.
diff-none-here = (none)
diff-ins-start = [insertion]
diff-ins-end = [end of insertion]
diff-del-start = [deletion]
diff-del-end = [end of deletion]
diff-not-updated-title = The { $language } translation was not updated in { $version }.
diff-not-updated-text = Only the authoritative text changed in this revision.
diff-not-updated-original = See what changed in the original ({ $language })
diff-page-not-updated = The translation of this page was not updated in this revision.
diff-page-not-updated-link = See what changed in the original
diff-none = No changes to the text.
feed-release-title = { $document }, { $version }
