# Strings of the search page (themes/default/templates/search.html and static/search.js).
# Keep the keys the same as in locales/ja/search.ftl.
# The template passes "{count}" and "{query}" as { $count } and { $query }; the browser
# puts in the number of results and the search words.

search-page-title = Search
search-label = Search words
search-submit = Search
search-hint = Results appear as you type. Words separated by spaces find sections containing all of them. Full-width and half-width forms and upper and lower case are the same.
search-noscript = Search needs JavaScript. You can also find pages from the document list on the home page.
search-results-label = Search results
search-count-one = 1 result
search-count = { $count } results
search-count-partial = Showing the first { $count } results (there are more)
search-no-results = No results for “{ $query }”. Try other or shorter words.
search-more = Show more results
search-error = The search index could not be loaded. Please try again later.
