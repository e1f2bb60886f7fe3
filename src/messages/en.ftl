# The command line's own words in English. Every message here is in vi.ftl too (a test holds
# it). Help texts: `cmd-NAME` for a command, `arg-NAME-ARG` for an argument of it, `arg-ARG`
# for one every command shares.

app-about = Build an archive website of directive documents from a folder of Markdown files
heading-usage = Usage:
heading-commands = Commands
heading-options = Options
heading-arguments = Arguments
arg-help = Print help
arg-version = Print version
arg-lang = Language of messages and help: vi or en (default: from LC_ALL, LC_MESSAGES or LANG)
arg-root = The site folder, holding content/ (default: the current folder)

cmd-build = Build ROOT/content/ into ROOT/public/ (or --output)
arg-build-output = Where to write the site (default: ROOT/public)
arg-build-drafts = Include unsigned drafts, marked DỰ THẢO
arg-build-base_url = The address the site is published at (for the feed and sitemap)

cmd-import = Turn signed documents (.txt, .docx, .doc, .pdf, .html) into content files, fields filled from the text
arg-import-files = The files to import

cmd-serve = Build, serve on 127.0.0.1, rebuild on change and reload open pages
arg-serve-port = The port to listen on; 0 picks a free one

cmd-sync = Make DEST (a USB stick, a shared folder) a verified copy of the built site, copying only what changed
arg-sync-dest = The folder to copy the site into: empty, or a copy vanban made before
arg-sync-verify = Only check DEST against its list of files: report corrupted, missing and extra files
arg-sync-checksum = Read every file on DEST instead of trusting its size and time: copies again what --verify found corrupted

cmd-check = Report every error and warning without writing anything; exit 1 on errors
arg-check-format = text for people, json for scripts

cmd-new = Write a new document file with every key, prefilled; never overwrites
arg-new-number = The number and symbol (số, ký hiệu): 44-CV/HU
arg-new-issuer = The issuing body (cơ quan ban hành)
arg-new-date = The date of issue (default: today)
arg-new-doc_type = The document type (loại văn bản): Công văn, Thông báo…

error = error: { $message }
warning = warning: { $message }
unit-pages = pages
unit-files = files

build-summary = built { $documents ->
        [one] 1 document
       *[other] { $documents } documents
    } ({ $withheld } withheld), { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    } into { $output } in { $seconds } s; pages: { $added } added, { $changed } changed, { $removed } removed ({ $files ->
        [one] 1 file
       *[other] { $files } files
    } new or changed); { $citations }; { $warnings ->
        [0] no warnings
        [one] 1 warning
       *[other] { $warnings } warnings
    }
citations-linked = { $count ->
        [one] 1 citation links
       *[other] { $count } citations link
    } to archived documents
citations-outside = { $count ->
        [one] 1 citation points
       *[other] { $count } citations point
    } outside the archive
citations-unlinked = { $count ->
        [one] 1 citation
       *[other] { $count } citations
    } not linked (see vanban check)
citations-none = no citations
build-failed-kept = build failed{ $errors ->
        [0] {""}
        [one] {" "}with 1 error
       *[other] {" "}with { $errors } errors
    }; the previous output was left as it was in { $output }
build-failed-nothing = build failed{ $errors ->
        [0] {""}
        [one] {" "}with 1 error
       *[other] {" "}with { $errors } errors
    }; nothing was written

serve-ready = Serving { $url } (Ctrl-C to stop)
serve-updated = updated { $files }: { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    } in { $ms } ms
serve-searchable = search index renewed in { $ms } ms
serve-failed-serving = build failed; still serving the last good site
serve-failed-nothing = build failed; there is no site to serve until a build succeeds
serve-stopped = stopped
serve-no-ctrlc = cannot handle Ctrl-C: { $reason }

sync-completed = completed the sync that was interrupted before
sync-repaired = { $count ->
        [one] 1 file on { $dest } did not hold the listed bytes (damaged on the device, or by the sync interrupted) and was copied again:
       *[other] { $count } files on { $dest } did not hold the listed bytes (damaged on the device, or by the sync interrupted) and were copied again:
    }
sync-up-to-date = { $dest } is up to date: nothing to copy ({ $unchanged ->
        [one] 1 file
       *[other] { $unchanged } files
    } unchanged)
sync-done = synced { $dest }: { $copied ->
        [one] 1 file
       *[other] { $copied } files
    } copied ({ $size }) and read back, { $removed } removed, { $unchanged } unchanged
verify-corrupted = corrupted: { $path }
verify-missing = missing: { $path }
verify-extra = extra: { $path }
verify-interrupted = interrupted: the last sync to { $dest } did not finish; run `vanban sync` again
verify-good = { $dest }: { $files ->
        [one] its 1 file matches
       *[other] all { $files } files match
    } the list
verify-bad = { $dest }: { $corrupted } corrupted, { $missing } missing, { $extra } extra of { $files ->
        [one] 1 file
       *[other] { $files } files
    } listed
verify-hint = `vanban sync --checksum { $dest }` copies the damaged and missing files again

## File diagnostics: what follows `path:line: error: key:`. Words in `backquotes` are
## quoted from the file and stay as written.
plain = { $message }
io-not-found = it does not exist
io-permission-denied = permission denied
io-already-exists = it already exists
io-storage-full = the disk is full
io-read-only = the disk is read-only
io-invalid-data = it is not valid UTF-8 text
io-addr-in-use = another program uses this port (choose another with --port; 0 picks a free one)
file-unreadable = cannot be read: { $reason }
file-unwritable = cannot be written: { $reason }
file-too-large = is { $size } MB, larger than a document can be ({ $max } MB); is it the right file?
file-utf16 = is UTF-16 text; save it as UTF-8 (or use `vanban import`)
file-binary = is a binary file, not Markdown text
file-not-utf8 = is not UTF-8 text (first bad byte on line { $line }); save it as UTF-8
content-missing = no content folder: put one Markdown file per document under { $path }
front-matter-missing = has no front matter: the file must start with a `---` line, then the keys, then `---`
front-matter-unclosed = the front matter opened by `---` is never closed by a `---` line
front-matter-not-mapping = the front matter must be `key: value` lines
yaml-invalid = invalid YAML: { $message }
yaml-too-deep = invalid YAML: `[` or `{"{"}` nested more than { $depth } deep
key-not-text = a key is not text
key-twice = given twice, as `{ $first }` and as `{ $written }`
key-required = is required (`{ $key }` or `{ $alias }`)
unknown-key = unknown key `{ $key }`
unknown-key-near = unknown key `{ $key }`; did you mean `{ $near }`?
unknown-key-in = unknown key `{ $key }` { $place }
unknown-key-in-near = unknown key `{ $key }` { $place }; did you mean `{ $near }`?
in-key = in { $key }
in-entry = in an entry
unknown-key-withholding = unknown key `{ $key }`; did you mean `{ $near }`? A key that withholds a document must be written as `{ $near }`, or the document would be published
unknown-keys-more = { $count } more unknown keys after these { $named }: is this a document's front matter?
value-is-list = expected one text value, found a list
value-is-map = expected one text value, found a map
list-item = item { $item }: { $message }
value-not-boolean = expected true or false, found `{ $value }`
value-not-boolean-kind = expected true or false
date-not-year = `{ $value }` is not a year
date-not-date = `{ $value }` is not a date; write 2018-11-11 or 11/11/2018 (day first)
date-not-real = `{ $value }` is not a real date
date-only-year = `{ $value }` is only a year; a signed document needs its full date (or set `draft: true`)
type-unknown = cannot tell the document type from the number `{ $value }`; add `type` (Công văn, Thông báo, Kế hoạch…)
slug-too-long = `{ $value }…` makes a file name of { $length } characters; at most { $max } fit a page's name (and a copy on a USB stick): shorten it
slug-reserved = `{ $value }` is a name Windows reserves: a copy of the site on a FAT or NTFS stick could not hold `{ $value }.html`; choose another
html-too-deep = raw HTML nested more than { $depth } deep: the body is shown with its HTML as text
attachment-absolute = `{ $name }` is an absolute path; name a file next to the document
attachment-missing = `{ $name }` does not exist next to the document
attachment-outside = `{ $name }` leads outside content/; refused
attachment-refused = `{ $name }` { $message }
attachment-control = `{ $name }` has a line break, control character or backslash in its name; rename the file
attachment-not-portable = `{ $name }` { $why }, which a FAT or NTFS stick cannot hold: a copy of the site there will lack it; rename the file
attachment-twice = two attachments are named `{ $name }`
attachment-kind = is not a kind of file vanban publishes (a web page, script or unknown type could run in the reader's browser); attach one of: { $allowed }
attachment-masquerade = is named .{ $ext } but does not hold one ({ $found }): refused, since a browser could take it for a page
magic-pdf = a PDF starts with `%PDF-`
magic-office = an office file starts with its format's signature
magic-text = a text file holds no markup or binary bytes
magic-other = an image or archive starts with its format's signature
path-missing = does not exist
link-dangling = is a symbolic link that leads nowhere: its target does not exist
link-outside = is a symbolic link that leads outside { $bound }; refused
link-not-plain = is a symbolic link to { $kind }, not to a plain file; refused
not-a-folder = is a file, not a folder; refused
not-a-plain-file = is { $kind }, not a plain file; refused
the-site-folder = the site folder
kind-pipe = a named pipe
kind-socket = a socket
kind-device = a device
kind-folder = a folder
kind-other = something else
at-least-one = must be at least 1
theme-bad-name = `{ $value }` is not a theme folder name (letters, digits, - and _ only)
url-not-http = `{ $value }` must start with http:// or https://
entry-no-name = an entry has an empty `name`
words-not-mapping = must be a mapping of keys to words
words-relations-not-mapping = must be a mapping of relations to words
words-not-text = every word must be text: { $message }
page-name-taken = its page name `{ $name }` is taken by { $path }; this page is `{ $name }-2.html`
number-twice = number { $value } is also used by { $path } (same issuer, same year)
name-in-file = `{ $name }` in { $path }
parents-differ = documents of `{ $name }` name different parents: `{ $used }` is used, not { $others }; set it in { $config }
parents-cycle = issuers `{ $first }` and `{ $second }` are each other's parent; the link is dropped
names-fold-alike = `{ $first }` and `{ $second }` are different names whose web addresses fold alike; they stay apart as { $page } and { $other } (if they are one, add an alias in { $config })
and-more = and { $count } more
citation-ambiguous = citation { $number } matches { $count } documents ({ $files }) and is not linked; name the issuer after "của" or write the date
themes-into-content = is a symbolic link that leads into content/; refused
theme-not-found = theme `{ $name }` not found: there is no folder themes/{ $name }/
template-error = template error: { $message }
cannot-render = cannot render { $what }: { $message }
attachment-not-copied = attachment `{ $name }` cannot be copied: { $reason }
name-has-char = has `{ $char }` in its name
name-reserved = is a name Windows reserves for a device
name-trailing-dot = ends in a dot or a space, which Windows drops
path-not-portable = { $why }, which a FAT32 or exFAT stick cannot hold
path-too-long = is { $length } characters long; a copy on a USB stick opens on Windows only up to { $max }
path-case-twin = differs from `{ $other }` only in letter case: a FAT32 or exFAT stick holds only one of them
output-legacy-kept = { $output } was written by an earlier vanban, which kept no list of its files, so nothing of it was removed: it is now { $kept }; delete that folder once you have checked that nothing of yours is in it
output-added-kept = files added to { $output } while it was being built were not removed: they are in { $kept }
import-unreadable = cannot read: { $reason }
import-exists = already exists, not overwritten (importing { $source })
import-unwritable = cannot write (importing { $source }): { $reason }
import-wrote = { $path } (from { $source })
import-draft = draft (no number or no day)
import-missing = not found, left empty: { $keys }
import-8bit = 8-bit { $encoding }
import-converted = text in { $encoding } converted to Unicode
import-not-text = not UTF-8, UTF-16, TCVN3 or VNI text: save it as UTF-8 or .docx
import-check = check: { $fields }
check-field = { $key } ({ $why })
check-number-ocr = read through a character-recognition error (Ư for U)
check-from-portal = taken from the web page's attribute block, not from the document's header
check-date-unreal = the date { $date } does not exist; only the year is kept
check-place-long = an unusually long place name
check-type-differs = the number says { $number }, the title says { $title }
check-issuer-guessed = no line names the issuer; guessed from the number and the place
check-issuer-lines = the header has { $count } lines naming bodies; the last two are taken
notes-two = { $first }; { $second }
enc-tcvn3 = TCVN3 (ABC, .VnTime fonts)
enc-vni = VNI (VNI-Times fonts)
doc-not-compound = not a Word 97–2003 file (compound file): { $reason }
doc-no-stream = not a Word document: the { $stream } stream is missing
doc-corrupt = corrupt .doc: { $reason }
doc-no-fib = not a Word 97–2003 document (no Word file information block)
doc-fib-short = corrupt .doc: the file information block is cut short
doc-encrypted = the .doc is encrypted (password-protected): save it without a password
doc-bad-table = corrupt .doc: unreadable piece table
doc-table-outside = corrupt .doc: the piece table lies outside its stream
doc-piece-outside = corrupt .doc: a piece of text lies outside the document
docx-not-zip = not a .docx (zip): { $reason }
docx-no-document = not a Word document: word/document.xml is missing
docx-unreadable = word/document.xml cannot be read: { $reason }
docx-bad-xml = word/document.xml is not well-formed: { $reason }
pdf-unreadable = not a readable PDF: { $reason }
pdf-encrypted = the PDF is encrypted (needs a password): save a copy without one
pdf-malformed = a PDF whose text cannot be extracted (malformed fonts or content)
pdf-no-extract = a PDF whose text cannot be extracted: { $reason }
pdf-scan = the PDF has no text layer (a scan): run OCR on it first, or import the Word file

## vanban check
check-not-linked = { $place }: note: citation `{ $number }` is not linked: { $why }
check-why-date = no archived document has this number with the date written
check-why-partial = a type and bare number that singles out no archived document
check-why-unreadable = it looks like a citation but cannot be read whole (write it as 44-CV/HU or 07/KH-UBND)
check-secret = withheld: { $count ->
        [one] 1 secret document
       *[other] { $count } secret documents
    }, never published
check-draft = withheld: { $path } is a draft (published only with --drafts)
check-not-marked = withheld: { $path } has no "Đăng website" line in Nơi nhận (publish: marked)
check-missing-heading = cited but not in the archive (upload these next):
check-missing = {"  "}{ $number } — cited { $count ->
        [one] 1 time
       *[other] { $count } times
    }: { $places }
check-missing-more = {"  "}… and { $count } more (see --format json)
check-summary = { $documents ->
        [one] 1 document
       *[other] { $documents } documents
    }, { $resolved ->
        [one] 1 citation
       *[other] { $resolved } citations
    } resolved, { $unresolved } not, { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }

## Progress bar phases
phase-load = reading
phase-render = writing pages
phase-copy = copying
phase-verify = verifying

## The command line's own mistakes (in English clap words them itself; these are
## used for the other languages, and must exist in every file).
clap-unknown-argument = unexpected argument '{ $arg }'
clap-unknown-command = unrecognized command '{ $command }'
clap-missing-value = a value is required for '{ $arg }' but none was supplied
clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-value-validation = invalid value '{ $value }' for '{ $arg }': { $reason }
clap-missing-argument = the following required arguments were not provided: { $arg }
clap-missing-command = a command is required
clap-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
clap-repeated = the argument '{ $arg }' cannot be used multiple times
clap-too-many = too many values for '{ $arg }'
clap-other = the command line is not valid
clap-valid-values = ; possible values: { $values }
clap-suggested = ; did you mean '{ $suggested }'?
clap-more = For more information, try '--help'.

## Errors that stop a command: folders, locks, copies, the server. `{ $reason }` is why the
## system refused (the io-* messages above, or the system's own words).
cannot-create = cannot create { $path }: { $reason }
cannot-read = cannot read { $path }: { $reason }
cannot-write = cannot write { $path }: { $reason }
cannot-remove = cannot remove { $path }: { $reason }
cannot-open = cannot open { $path }: { $reason }
cannot-flush = cannot flush { $path } to the device: { $reason }
cannot-lock = cannot lock { $path }: { $reason }
cannot-copy = cannot copy { $path } to { $to }: { $reason }
cannot-put-in-place = cannot put { $path } in place: { $reason }
cannot-put-site = cannot put the new site in place at { $path }: { $reason }
exists-not-folder = { $path } exists and is not a folder
not-a-file = { $path } is not a plain file
not-built = { $path } is not a site vanban built
lock-create = cannot create the lock file { $path }: { $reason }
lock-busy = another vanban build is writing { $output } right now (lock file { $path }); wait for it to finish
manifest-line = { $path }:{ $line }: { $why }
manifest-no-header = not a vanban manifest (no `{ $header }` line)
manifest-seal = the list does not match its seal: it was edited by hand or is damaged
manifest-not-entry = not `checksum size path`: { $line }
manifest-outside = `{ $path }` is not a path inside the folder
manifest-twice = `{ $path }` is listed twice
out-is-root = refusing to write the site to { $path }: it is the root folder
out-is-content = refusing to write the site to { $path }: it is the content folder
out-holds-content = refusing to write the site to { $path }: it contains the content folder { $content }
out-in-content = refusing to write the site to { $path }: it is inside the content folder
out-symlink = { $path } is a symbolic link; give --output the real folder
out-manifest-damaged = refusing to replace { $path }: its list of vanban's files is damaged or was edited ({ $reason }), so vanban cannot tell its own files from others; move what is yours out of it and delete the folder, then build again
refusal = refusing to replace { $path }: it { $why }, and vanban never removes those:{ $names }
    {"  "}{ $then }
refusal-more = … and { $count } more
why-foreign = holds files that vanban did not write
why-changed = holds files that were changed after vanban wrote them
why-both = holds files that vanban did not write or that were changed after it wrote them
changed-after = { $path } (changed after vanban wrote it)
then-build = move them out of the folder (or choose another --output), then build again
then-sync = move them out of the folder (the site's copy replaces them), then sync again
then-sync-empty = sync to an empty folder, or move them out of this one
base-url-scheme = --base-url `{ $url }` must start with http:// or https://
sync-no-site = { $path } holds no built site (no { $manifest }): run `vanban build` first
sync-refused = refusing to sync to { $path }: { $why }
dest-is-root = it is the root folder
dest-is-site = it is the built site itself
dest-in-site = it is inside the built site
dest-holds-site = it contains the built site
dest-symlink = it is a symbolic link; give the real folder
dest-not-folder = it exists and is not a folder
sync-manifest-damaged = refusing to sync to { $path }: its list of vanban's files is damaged or was edited ({ $reason }), so vanban cannot tell its own files from others; sync to an empty folder instead
sync-source-changed = { $path } changed since the site was built: run `vanban build`, then sync again
sync-read-back-bad = { $count ->
        [one] 1 file
       *[other] { $count } files
    } read back different from what was copied (the device may be failing); run `vanban sync` again to copy them again:{ $files }
verify-not-a-copy = { $path } holds no { $manifest }: it is not a copy vanban made
serve-cannot-listen = cannot listen on 127.0.0.1:{ $port }: { $reason }
serve-no-address = the server has no address: { $reason }
serve-cannot-start = cannot start the server: { $reason }
serve-cannot-watch = cannot watch { $path } for changes: { $reason }
new-no-content = { $path } has no content/ folder; is --root the site folder?
new-exists = { $path } already exists; not overwritten
new-date-partial = `{ $date }` is not a full date; write 11/11/2018 or 2018-11-11
