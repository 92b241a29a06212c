# trustdocs 既定テーマの UI 文言（日本語）。
# キーは locales/en/main.ftl と必ず同じ集合にすること（trustdocs check が検査します）。

## 言語
# 言語切り替えに表示する、この言語自身での名前。コアが使用します（必須）。
language-name = 日本語
choose-language = 表示する言語を選択してください
switch-language = 言語の切り替え

## ページ全体の枠組み
skip-to-content = 本文へ移動
breadcrumbs = 現在位置
table-of-contents = 目次
in-this-section = このセクションの文書
documents = 文書一覧
footer-authoritative = 本ポータルの文書は日本語版を正本とします。英語版は参考のための翻訳であり、内容に相違がある場合は日本語版が優先します。
footer-copyright = © { $year } { $name }
feed = 更新情報（Atom フィード）
back-to-top = ページの先頭へ

## マニュアル
chapters = 章の一覧
chapter-number = 第{ $number }章
chapter-navigation = 前後の章
previous-chapter = 前の章
next-chapter = 次の章
print-this-manual = このマニュアルを印刷する
print-version = 印刷用ページ
print-button = 印刷する
print-note = このページには、マニュアルのすべての章を掲載しています。ブラウザーの印刷機能で PDF に保存することもできます。
back-to-manual = マニュアルのトップへ戻る

## 印刷と PDF
# 印刷した版（PDF を含む）の表紙と柱、PDF へのリンク。
print-issuer = 発行者
print-issue-date = 発行日
print-running-header = { $title }　{ $version }
download-pdf = PDF をダウンロード

## お知らせ
latest-notices = 最新のお知らせ
all-notices = お知らせ一覧
no-notices = 現在、お知らせはありません。
notice-date = 掲載日
notice-category = 区分
category-maintenance = メンテナンス
category-incident = 障害・インシデント
category-subprocessor = 委託先の変更
category-policy = 規約・ポリシー
category-security = セキュリティ
category-announcement = お知らせ
category-release = 機能追加・変更

## 改訂履歴
revision-history = 改訂履歴
revision-version = 版
revision-date = 改訂日
revision-summary = 改訂内容
last-revised = 最終改訂日
version-number = 第{ $version }版

## 検索
search = 検索
search-placeholder = ポータル内を検索

## ページが見つからない場合（404）
page-not-found = ページが見つかりません
page-not-found-message = お探しのページは、移動または削除された可能性があります。URL に誤りがないかご確認ください。
go-to-home = トップページへ移動する

## 本文中のタスクリスト（- [x]）のチェックボックスが読み上げられる名前
task-done = 完了
task-not-done = 未完了
