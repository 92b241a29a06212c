# UI strings of the trust data (subprocessors and certifications), in English.
# Keep the keys the same as in locales/ja/trust.ftl.

## Subprocessors
subprocessors-title = Subprocessors (external cloud services)
subprocessors-lead = The outside services that handle customer data (subprocessors), and the countries where they store it. We announce a new subprocessor at least { $days } days before it starts.
subprocessors-feed-title = Subprocessor changes
subprocessors-current = Current subprocessors
subprocessors-as-of = As of { $date }
subprocessors-upcoming = Announced changes
subprocessors-upcoming-none = No changes are announced at present.
subprocessors-history = History of changes
subprocessors-history-none = There have been no changes.
subprocessors-subscribe = Get notified of changes
subprocessors-subscribe-text = Every addition and removal of a subprocessor is announced on this page and in an Atom feed. Subscribe to the feed in a feed reader to hear of changes as soon as they are announced.
subprocessors-feed-link = Subprocessor changes (Atom feed)
subprocessors-json-link = Machine-readable list (JSON)
subprocessors-see-all = Announced changes and the history of changes are on the page “{ $title }”.
subprocessor-service = Service
subprocessor-purpose = Function
subprocessor-operator = Operator
subprocessor-data = Data handled
subprocessor-locations = Data location
subprocessor-since = In use since
subprocessor-change-date = Date
subprocessor-change = Change
subprocessor-announced = Announced
subprocessor-change-addition = Added
subprocessor-change-removal = Removed
subprocessor-planned-addition = { $name } will be added on { $date }
subprocessor-planned-removal = { $name } will no longer be used from { $date }
subprocessor-added = { $name } was added on { $date }
subprocessor-removed = { $name } is no longer used since { $date }

## Data locations
location-country = Country or region
location-services = Services storing or processing data there

## Certifications
certification-standard = Standard
certification-scope = Scope
certification-registration = Registration number
certification-issuer = Certification body
certification-valid-until = Valid until
certification-registry = Check the registration
certifications-none = No certifications are listed at present.
