# UI strings of the trustdocs default theme (English).
# Keep the keys identical to locales/ja/main.ftl (`trustdocs check` verifies it).

## Language
# The name of this language in itself, shown in the language switcher. Used by the core (required).
language-name = English
choose-language = Choose your language
switch-language = Change language

## Page frame
skip-to-content = Skip to content
breadcrumbs = Breadcrumbs
table-of-contents = Contents
in-this-section = In this section
documents = Documents
footer-authoritative = The Japanese version of the documents on this portal is authoritative. The English version is a translation provided for reference; where they differ, the Japanese version prevails.
footer-copyright = © { $year } { $name }
feed = Updates (Atom feed)
back-to-top = Back to top

## Manuals
chapters = Chapters
chapter-number = Chapter { $number }
chapter-navigation = Chapter navigation
previous-chapter = Previous chapter
next-chapter = Next chapter
print-this-manual = Print this manual
print-version = Printable version
print-button = Print
print-note = This page contains every chapter of the manual. You can also save it as a PDF with your browser's print function.
back-to-manual = Back to the manual

## Print and PDF
# The cover block and running header of a printed revision, and the link to its PDF.
print-issuer = Issued by
print-issue-date = Issue date
print-running-header = { $title } — { $version }
download-pdf = Download PDF

## Notices
latest-notices = Latest notices
all-notices = All notices
no-notices = There are no notices at the moment.
notice-date = Published
notice-category = Category
category-maintenance = Maintenance
category-incident = Incident
category-subprocessor = Subprocessor change
category-policy = Policy
category-security = Security
category-announcement = Announcement
category-release = Product update

## Revision history
revision-history = Revision history
revision-version = Revision
revision-date = Date
revision-summary = Changes
last-revised = Last revised
version-number = Version { $version }

## Search
search = Search
search-placeholder = Search the portal

## Page not found (404)
page-not-found = Page not found
page-not-found-message = The page you are looking for may have been moved or removed. Please check that the address is correct.
go-to-home = Go to the home page

## What a screen reader calls the checkboxes of a task list (- [x]) in the text
task-done = done
task-not-done = not done
