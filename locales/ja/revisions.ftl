# 改訂履歴・アーカイブ・差分・フィードの文言

revision-what-changed = 変更箇所
banner-draft-title = 下書き（未公開）
banner-draft-text = このページには、まだ公開されていない変更が含まれています。
banner-draft-diff = { $version }版からの変更を見る
banner-archived-title = 過去の版（{ $version }版）
banner-archived-text = これは最新版ではありません。
banner-archived-latest = 最新版（{ $version }版）を見る
banner-archived-latest-plain = 最新版を見る
banner-outdated-title = 翻訳が最新ではありません
banner-outdated-text = この英語版は原文の{ $translates }版を翻訳したもので、最新の{ $current }版の内容を反映していない可能性があります。内容に相違がある場合は、日本語の原文が優先します。
banner-outdated-original = { $language }の原文を読む
diff-title = 変更箇所
diff-between = { $from }版から{ $to }版への変更
diff-draft = { $from }版から現在の下書きへの変更
diff-stats = 追加 { $insertions }行、削除 { $deletions }行
diff-view-new = 新しい版を見る
diff-view-old = 以前の版を見る
diff-status-changed = 変更
diff-status-added = 追加
diff-status-removed = 削除
diff-folded = 変更のない { $count }行を省略
diff-deleted-line = 削除:
diff-inserted-line = 追加:
diff-none = 変更はありません。
feed-release-title = { $document } { $version }版を公開
