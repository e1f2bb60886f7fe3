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
