# Strings of the search page (themes/default/templates/search.html and static/search.js).
# Keep the keys the same as in locales/ja/search.ftl.
# The template passes "{count}", "{total}", "{shown}" and "{query}" as { $count }, { $total },
# { $shown } and { $query }; the browser puts in the numbers and the search words. Results are
# not ranked (heading matches first, then the rest, each in site order): never say "top".

search-page-title = Search
search-label = Search words
search-submit = Search
search-hint = Results appear as you type. Words separated by spaces find sections containing all of them. Full-width and half-width forms, upper and lower case, spaces next to Japanese, a final long vowel mark (サーバ / サーバー) and English word endings (hash / hashed) do not matter.
search-noscript = Search needs JavaScript. You can also find pages from the document list on the home page.
search-results-label = Search results
search-count-one = 1 result
search-count = { $count } results
search-count-range = Showing 1–{ $shown } of { $total } results
search-count-partial = Showing results 1–{ $count } (there may be more)
search-no-results = No results for “{ $query }”. Try other or shorter words.
search-more = Show more results
search-error = The search index could not be loaded. Please try again later.
