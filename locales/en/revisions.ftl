# Revision history, archives, "what changed" pages and feeds

revision-what-changed = What changed
banner-draft-title = Draft — not yet released.
banner-draft-text = This page contains changes that have not been published yet.
banner-draft-diff = See the changes since version { $version }
banner-archived-title = Archived revision { $version }.
banner-archived-text = This is not the latest revision.
banner-archived-latest = Read the latest revision ({ $version })
banner-archived-latest-plain = Read the latest revision
banner-outdated-title = This translation may be out of date.
banner-outdated-text = It translates revision { $translates } of the Japanese original; the latest revision is { $current }. Where the two differ, the Japanese original prevails.
banner-outdated-original = Read the original in { $language }
diff-title = What changed
diff-between = Changes from version { $from } to version { $to }
diff-draft = Changes from version { $from } to the current draft
diff-stats = { $insertions } lines added, { $deletions } lines removed
diff-view-new = View the new revision
diff-view-old = View the previous revision
diff-status-changed = changed
diff-status-added = added
diff-status-removed = removed
diff-folded = { $count } unchanged lines not shown
diff-deleted-line = Deleted:
diff-inserted-line = Inserted:
diff-none = No changes.
feed-release-title = { $document }, version { $version }
