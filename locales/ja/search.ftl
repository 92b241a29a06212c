# 検索ページ（themes/default/templates/search.html と static/search.js）の文言。
# キーは locales/en/search.ftl と必ず同じ集合にすること。
# { $count }、{ $total }、{ $shown }、{ $query } には、テンプレートが "{count}" などを渡し、
# ブラウザーで件数と検索語に置き換えます。結果は関連度順ではなく、見出しに一致したもの、
# 本文に一致したものの順で、それぞれサイトの並び順です（「上位」とは書かないこと）。

search-page-title = 検索
search-label = 検索する語句
search-submit = 検索
search-hint = 入力に合わせて結果が表示されます。空白で区切った語句は、すべてを含むセクションを探します。全角・半角、大文字・小文字、日本語の前後の空白、語末の長音（サーバ／サーバー）、英語の語尾（hash／hashed）は区別しません。
search-noscript = 検索には JavaScript が必要です。ホームの文書一覧からもページを探せます。
search-results-label = 検索結果
search-count-one = 1 件見つかりました
search-count = { $count } 件見つかりました
search-count-range = { $total } 件中 1–{ $shown } 件を表示しています
search-count-partial = 1–{ $count } 件を表示しています（ほかにもある可能性があります）
search-no-results = 「{ $query }」に一致する結果はありません。別の語句や、より短い語句でお試しください。
search-more = さらに表示
search-error = 検索インデックスを読み込めませんでした。時間をおいて再度お試しください。
