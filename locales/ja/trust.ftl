# トラストデータ（委託先と認証）の UI 文言（日本語）。
# キーは locales/en/trust.ftl と必ず同じ集合にすること。

## 委託先（サブプロセッサー）
subprocessors-title = 委託先（外部クラウドサービス）一覧
subprocessors-lead = お客様のデータを取り扱う外部のサービス（委託先）と、データを保存する国・地域の一覧です。委託先を追加する場合は、原則として開始日の{ $days }日前までにお知らせします。
subprocessors-feed-title = 委託先の変更
subprocessors-current = 現在の委託先
subprocessors-as-of = { $date }現在
subprocessors-upcoming = 予定している変更
subprocessors-upcoming-none = 現在、予定している変更はありません。
subprocessors-history = 変更履歴
subprocessors-history-none = 変更履歴はありません。
subprocessors-subscribe = 変更のお知らせを受け取る
subprocessors-subscribe-text = 委託先の追加や終了は、この一覧と Atom フィードでお知らせします。フィードリーダーに登録すると、変更を予定の段階で受け取れます。
subprocessors-feed-link = 委託先の変更（Atom フィード）
subprocessors-json-link = 機械可読な一覧（JSON）
subprocessors-see-all = 予定している変更と変更履歴は「{ $title }」のページに掲載しています。
subprocessor-service = サービス
subprocessor-purpose = 機能
subprocessor-operator = 運営事業者
subprocessor-data = 取り扱うデータ
subprocessor-locations = データの所在地
subprocessor-since = 利用開始日
subprocessor-change-date = 変更日
subprocessor-change = 変更の内容
subprocessor-announced = 告知日
subprocessor-change-addition = 追加
subprocessor-change-removal = 利用終了
subprocessor-planned-addition = { $date }から{ $name }を追加します
subprocessor-planned-removal = { $date }をもって{ $name }の利用を終了します
subprocessor-added = { $date }に{ $name }を追加しました
subprocessor-removed = { $date }をもって{ $name }の利用を終了しました

## データの保存場所
location-country = 国・地域
location-services = 保存・処理するサービス

## 第三者認証
certification-standard = 規格
certification-scope = 認証の範囲
certification-registration = 登録番号
certification-issuer = 認証機関
certification-valid-until = 有効期限
certification-registry = 登録情報を確認する
certifications-none = 現在、掲載している認証はありません。
