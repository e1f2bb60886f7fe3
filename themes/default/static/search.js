/* vanban offline search.
 *
 * A classic script: fetch, XHR and modules are blocked from file://, so the index is a set of
 * script files (tim-kiem/meta.js, t-<prefix>.js, d-<n>.js) that call into the global
 * VANBAN_SEARCH registry, and this file adds <script src> tags for the ones a query needs.
 * Tokenising mirrors src/search/tokenize.rs; a test runs both on the same text.
 * Document text is untrusted: it only ever reaches the page through textContent.
 */
(function (W) {
  "use strict";

  var R = (W.VANBAN_SEARCH = W.VANBAN_SEARCH || {});
  var store = { meta: null, shards: {}, docs: {} };
  R.meta = function (m) { store.meta = m; };
  R.shard = function (key, terms) { store.shards[key] = terms; };
  R.docs = function (n, rows) { store.docs[n] = rows; };

  var PAGE = 20;
  var WORDS = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var MAX_WORD_CHARS = 30;
  var MAX_QUERY_WORDS = 30;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  var clz32 = Math.clz32;
  /** The value of a digit by its char code (the digits are ASCII). */
  var DIGIT_AT = new Uint8Array(128);
  for (var i = 0; i < DIGITS.length; i++) {
    DIGIT[DIGITS.charAt(i)] = i;
    DIGIT_AT[DIGITS.charCodeAt(i)] = i;
  }
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var MARKS = /\p{M}/gu;
  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
  var SUBJECT = 4, META = 8, NUMBER = 16;
  /* Not a posting's bits: a META posting the page derived (see byMeta), and one whose name
   * spells the word as typed. */
  var DERIVED = 1 << 29, EXACT_META = 1 << 30;
  var BODY_WEIGHT = [0, 1, 1.5, 2];

  /* ---- text: the same rules as tokenize.rs ---- */

  function foldWord(w) {
    var f = w.normalize("NFD").replace(MARKS, "").replace(/[đð]/g, "d").toLowerCase();
    if (/^[0-9]+$/.test(f)) f = f.replace(/^0+/, "") || "0";
    return f;
  }

  function exactWord(w) {
    var out = "", tones = "";
    for (var c of w.normalize("NFD")) {
      if (TONE.test(c)) tones += c; else out += c;
    }
    return out + tones;
  }

  /** Words ({folded, exact, follows}) and number-like compounds of a text. */
  function tokenize(text) {
    var lower = String(text).normalize("NFC").toLowerCase();
    var words = [], compounds = [], chain = [];
    var gap = "", word = "", haveWord = false;
    function flushChain() {
      if (chain.length >= 2) {
        var key = chain.join("");
        if (/[0-9]/.test(key) && /[^0-9]/.test(key)) compounds.push(key);
      }
      chain = [];
    }
    function endWord() {
      if (!word.replace(MARKS, "")) {
        // Marks with no letter to sit on: a gap, not a word (as in tokenize.rs).
        gap += word;
        word = "";
        return;
      }
      var joined = gap === "-" || gap === "/";
      var follows = haveWord && gap.length > 0 && /^\s+$/u.test(gap);
      if (!(haveWord && joined)) flushChain();
      gap = "";
      if (Array.from(word).length > MAX_WORD_CHARS) {
        flushChain();
        haveWord = false;
      } else {
        var folded = foldWord(word);
        chain.push(folded);
        words.push({ folded: folded, exact: exactWord(word), follows: follows });
        haveWord = true;
      }
      word = "";
    }
    for (var c of lower) {
      if (WORD_CHAR.test(c)) {
        word += c;
      } else {
        if (word) endWord();
        gap += c;
      }
    }
    if (word) endWord();
    flushChain();
    return { words: words, compounds: compounds };
  }

  /** Every term a query looks up (see query_terms in src/search/mod.rs), with the query
   *  word positions each one covers. */
  function queryTerms(q) {
    var t = tokenize(q);
    var words = t.words.slice(0, MAX_QUERY_WORDS);
    var unigrams = {}, bigrams = {}, numbers = {};
    words.forEach(function (w, i) {
      var u = unigrams[w.folded] || (unigrams[w.folded] = { bits: 0, exact: {} });
      u.bits |= 1 << i;
      u.exact[w.exact] = true;
      if (i > 0 && w.follows) bigrams[words[i - 1].folded + " " + w.folded] = 1 << (i - 1) | 1 << i;
      if (/^[0-9]/.test(w.folded)) {
        var run = w.folded, bits = 1 << i;
        for (var j = i + 1; j < words.length && j <= i + 5; j++) {
          run += words[j].folded;
          bits |= 1 << j;
          numbers[run] = (numbers[run] || 0) | bits;
        }
      }
    });
    t.compounds.forEach(function (c) {
      if (!(c in numbers)) numbers[c] = 0;
    });
    // "…" asks for its words next to each other: each pair of them is then required.
    var phrase = {}, quoted = String(q).split(/["\u201c\u201d]/);
    for (var k = 1; k < quoted.length; k += 2) {
      var pw = tokenize(quoted[k]).words;
      for (var j = 1; j < pw.length; j++) {
        if (!pw[j].follows) continue;
        var pair = pw[j - 1].folded + " " + pw[j].folded;
        phrase[pair] = true;
        if (!(pair in bigrams)) bigrams[pair] = 0;
      }
    }
    var accents = /[\p{M}đ]/u.test(String(q).normalize("NFD").toLowerCase());
    return {
      words: words, unigrams: unigrams, bigrams: bigrams, numbers: numbers, phrase: phrase,
      accents: accents,
    };
  }

  function decode(s) {
    var out = [], acc = 0;
    for (var k = 0; k < s.length; k++) {
      var d = DIGIT[s.charAt(k)];
      if (d >= 32) acc = acc * 32 + (d - 32);
      else { out.push(acc * 32 + d); acc = 0; }
    }
    return out;
  }

  /** The n values of one per document (see encode_column in src/search/index.rs): varint
   *  pairs (value, run length - 1) after "*", or the width's digit and values of that many
   *  bits. */
  function decodeColumn(s, n) {
    var out = [];
    if (s.charAt(0) === "*") {
      var runs = decode(s.slice(1));
      for (var k = 0; k < runs.length; k += 2) {
        for (var r = 0; r <= runs[k + 1]; r++) out.push(runs[k]);
      }
      return out;
    }
    return readWidth(s, 1, DIGIT_AT[s.charCodeAt(0)], n);
  }

  /** The fixed-width values of a column (see encode_column in src/search/index.rs): `n`
   *  values of `w` bits each, packed six bits to a digit of `s` from `from` on. */
  function readWidth(s, from, w, n) {
    var out = new Array(n), next = from, acc = 0, have = 0;
    for (var i = 0; i < n; i++) {
      while (have < w) { acc = (acc << 6) | DIGIT_AT[s.charCodeAt(next++)]; have += 6; }
      have -= w;
      out[i] = acc >>> have;
      acc &= (1 << have) - 1;
    }
    return out;
  }

  /** The codes packed six bits to a digit of `s` after its header digit (see Bits and
   *  push_rice in src/search/index.rs): Golomb–Rice gaps of parameter k, each followed,
   *  when `values` is 5, by five bits, when 6, by a varint of six-bit digits. Returns them
   *  flat ([gap, value, gap, value…] or [gap, gap…]); ends where only the zeros that pad
   *  the last digit are left. */
  function readCodes(s, k, values) {
    // Digits are loaded while fewer than 25 bits are at hand, so that a code's zeros, its
    // one, its low bits and a five-bit value are mostly read without a load. (The loads are
    // written out: variables a nested function shares are slower to reach.)
    var out = [], next = 1, len = s.length, acc = 0, have = 0, q = 0, z, d, v;
    for (;;) {
      while (have <= 24 && next < len) { acc = (acc << 6) | DIGIT_AT[s.charCodeAt(next++)]; have += 6; }
      // The gap's quotient: zeros up to a one.
      if (acc === 0) {
        if (next >= len) return out;
        q += have;
        have = 0;
        continue;
      }
      z = clz32(acc) - (32 - have);
      q += z;
      have -= z + 1;
      acc &= (1 << have) - 1;
      if (have < k + 6) {
        while (have <= 24 && next < len) { acc = (acc << 6) | DIGIT_AT[s.charCodeAt(next++)]; have += 6; }
      }
      have -= k;
      out.push(q * (1 << k) + (acc >>> have));
      acc &= (1 << have) - 1;
      q = 0;
      if (values === 5) {
        if (have < 5) {
          while (have <= 24 && next < len) { acc = (acc << 6) | DIGIT_AT[s.charCodeAt(next++)]; have += 6; }
        }
        have -= 5;
        out.push(acc >>> have);
        acc &= (1 << have) - 1;
      } else if (values === 6) {
        v = 0;
        do {
          if (have < 6) {
            while (have <= 24 && next < len) { acc = (acc << 6) | DIGIT_AT[s.charCodeAt(next++)]; have += 6; }
          }
          have -= 6;
          d = acc >>> have;
          acc &= (1 << have) - 1;
          v = v * 32 + (d & 31);
        } while (d >= 32);
        out.push(v);
      }
    }
  }

  /** A term's postings as flat [gap, value, gap, value…] (gap: doc - previous - 1), read
   *  from the header digit (the Rice parameter, plus 32 when values carry spelling masks and
   *  are varints rather than five bits of flags) and the packed codes (see push_postings in
   *  src/search/index.rs). */
  function decodePostings(s) {
    if (!s) return [];
    var h = DIGIT_AT[s.charCodeAt(0)];
    return readCodes(s, h & 31, h & 32 ? 6 : 5);
  }

  /** Sorted doc ids of a set written by push_doc_set (src/search/index.rs): Rice gaps after
   *  their parameter's digit, or a bitmap after "!"; "" is the empty set. */
  function decodeSet(s) {
    var ids = [], k, d;
    if (s.charAt(0) === "!") {
      for (k = 1; k < s.length; k++) {
        d = DIGIT_AT[s.charCodeAt(k)];
        for (var b = 0; d; b++, d >>= 1) if (d & 1) ids.push((k - 1) * 6 + b);
      }
      return ids;
    }
    if (!s) return ids;
    ids = readCodes(s, DIGIT_AT[s.charCodeAt(0)], 0);
    for (k = 0, d = 0; k < ids.length; k++) { d += ids[k]; ids[k] = d; d += 1; }
    return ids;
  }

  /** The terms a name of meta.js gives the index (words, word pairs, compounds), each with
   *  its exact spellings: what src/search/mod.rs indexes as a document's metadata. */
  function nameTerms(name) {
    var t = tokenize(name), out = Object.create(null);
    t.words.forEach(function (w, i) {
      (out[w.folded] || (out[w.folded] = {}))[w.exact] = true;
      if (i > 0 && w.follows) {
        var pair = t.words[i - 1].folded + " " + w.folded;
        out[pair] = out[pair] || {};
      }
    });
    t.compounds.forEach(function (c) { out[c] = out[c] || {}; });
    return out;
  }

  function weight(flags) {
    return (flags & NUMBER ? 10 : 0) + (flags & SUBJECT ? 4 : 0) + (flags & META ? 2.5 : 0) +
      BODY_WEIGHT[flags & 3];
  }

  function popcount(x) {
    var n = 0;
    while (x) { x &= x - 1; n++; }
    return n;
  }

  /* ---- the engine: loads what a query needs and ranks ---- */

  /**
   * @param {function(string): Promise} load  loads one index file (path under tim-kiem/)
   */
  function Engine(load) {
    this.load = load;
    this.meta = null;
  }

  Engine.prototype.init = function () {
    var self = this;
    return this.load("meta.js").then(function () {
      var m = store.meta;
      if (!m) throw new Error("meta.js did not register");
      self.meta = m;
      self.shardKeys = {};
      m.shards.forEach(function (k) { self.shardKeys[k] = true; });
      self.issuerOf = decodeColumn(m.di, m.n);
      self.typeOf = decodeColumn(m.dt, m.n);
      self.yearOf = decodeColumn(m.dy, m.n);
      self.subjectWords = decodeColumn(m.sl, m.n);
      self.campaignDocs = m.dc.map(function (s) {
        var set = {};
        decodeSet(s).forEach(function (id) { set[id] = true; });
        return set;
      });
      self.drafts = {};
      decodeSet(m.drafts).forEach(function (id) { self.drafts[id] = true; });
      // The terms of each issuer, type, campaign and year, as the index reads them.
      function terms(name) { return nameTerms(String(name)); }
      self.facetTerms = {
        issuer: m.issuers.map(function (x) { return terms(x[0]); }),
        type: m.types.map(function (x) { return terms(x[0]); }),
        campaign: m.campaigns.map(function (x) { return terms(x[0]); }),
        year: m.years.map(terms),
      };
      return self;
    });
  };

  /** The longest shard key that is a prefix of the term. */
  Engine.prototype.shardFor = function (term) {
    var chars = Array.from(term);
    for (var n = chars.length; n > 0; n--) {
      var p = chars.slice(0, n).join("");
      if (this.shardKeys[p]) return p;
    }
    return null;
  };

  Engine.prototype.shardFile = function (key) {
    var name = "t-";
    for (var c of key) {
      if (/[a-z0-9]/.test(c)) name += c;
      else if (c === " ") name += "_";
      else name += "-" + c.codePointAt(0).toString(16) + "-";
    }
    return name + ".js";
  };

  Engine.prototype.entry = function (term) {
    var key = this.shardFor(term);
    var shard = key === null ? null : store.shards[key];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  };

  /** Filters from slugs: {issuer, type, year, campaign} → a predicate on doc ids. */
  Engine.prototype.filter = function (f) {
    var m = this.meta, self = this;
    function find(list, slug) {
      for (var k = 0; k < list.length; k++) if (list[k][1] === slug) return k;
      return -2;
    }
    var issuer = f.issuer ? find(m.issuers, f.issuer) : -1;
    var type = f.type ? find(m.types, f.type) : -1;
    var campaign = f.campaign ? find(m.campaigns, f.campaign) : -1;
    var year = f.year ? m.years.indexOf(Number(f.year)) + 1 : 0;
    if (f.year && year === 0) year = -1;
    return function (id) {
      return (issuer === -1 || self.issuerOf[id] === issuer) &&
        (type === -1 || self.typeOf[id] === type) &&
        (year === 0 || self.yearOf[id] === year) &&
        (campaign === -1 || (campaign >= 0 && self.campaignDocs[campaign][id] === true));
    };
  };

  /** Ranked results for a query and filters: {full, partial, numbered, words}. `full` holds
   *  the documents with every query word (and every quoted phrase), best first; `partial`
   *  those with some of the words, most words first; `numbered` the documents whose number
   *  the query spells. A filter only removes documents: ranks never depend on it. */
  Engine.prototype.search = function (q, filters) {
    var self = this, qt = queryTerms(q);
    var terms = Object.keys(qt.unigrams).concat(Object.keys(qt.bigrams), Object.keys(qt.numbers));
    var files = {};
    terms.forEach(function (t) {
      var key = self.shardFor(t);
      if (key !== null && !store.shards[key]) files[self.shardFile(key)] = true;
    });
    return Promise.all(Object.keys(files).sort().map(function (f) {
      return self.load(f).catch(function () { /* a missing shard holds no match */ });
    })).then(function () {
      var r = self.rank(qt), keep = self.filter(filters || {});
      return {
        full: r.full.filter(keep),
        partial: r.partial.filter(keep),
        numbered: r.numbered,
        words: qt.words,
      };
    });
  };

  Engine.prototype.rank = function (qt) {
    var n = this.meta.n, self = this;
    if (!qt.words.length) {
      var all = [];
      for (var id = 0; id < n; id++) all.push(id);
      return { full: all, partial: [], numbered: [] };
    }
    // What a document must have: every distinct query word, and the word pairs of phrases.
    var need = Object.keys(qt.unigrams).length + Object.keys(qt.phrase).length;
    var score = new Float64Array(n), has = new Uint8Array(n);
    // Query words a document spells exactly as typed: a tier of its own, so that a typed
    // "Mỹ Thạnh" ranks Thạnh above Thành however the other words weigh.
    var exact = new Uint32Array(n);
    // Query words in a document's number, subject or metadata rather than only its body, and
    // then in its number or metadata (issuer, type, campaign, year): "huyen uy x 2018" wants
    // the documents x issued in 2018 before those whose subject cites x's 2018 ones.
    var field = new Uint32Array(n), meta = new Uint32Array(n);
    // Documents whose number the query spells: first of all.
    var numbered = new Uint8Array(n);
    // Query word pairs found side by side in the subject, in the metadata and in the number:
    // the most in one field ranks "công tác dân vận chính quyền" in a subject above "công
    // tác" in one and "dân vận chính quyền" in the campaign's name.
    var pairs = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
    // Query words in the subject.
    var subject = new Uint32Array(n), sl = this.subjectWords;
    // Per query word: which documents have it (stored or not), for the pairs' lists.
    var wordDocs = {};
    /** Calls fn(doc, value) for each stored posting, then rest(doc) for every other document
     *  that has the term. A `rest` after "~" lists positions among the candidates, after "^"
     *  the candidates it leaves out (see relate_rests in src/search/index.rs): a candidate is
     *  a document whose posting is not stored and, for a word pair, that has both words.
     *  Last, fn(doc, value) for the documents that have the term only in their metadata
     *  (see byMeta), with their spelling checked against `exactOf`. */
    function each(term, e, fn, rest, exactOf) {
      var p = decodePostings(e[2]), doc = -1, stored = new Uint8Array(n), seen = new Uint8Array(n);
      for (var k = 0; k < p.length; k += 2) {
        doc += p[k] + 1;
        stored[doc] = 1;
        seen[doc] = 1;
        fn(doc, p[k + 1]);
      }
      function other(d) { seen[d] = 1; rest(d); }
      if (e[3]) listRest(term, e, stored, other);
      byMeta(term, exactOf, seen, fn);
    }
    /** rest(doc) for each document of the term's `rest` (after `each`'s stored postings). */
    function listRest(term, e, stored, rest) {
      var mark = e[3].charAt(0);
      if (mark !== "~" && mark !== "^") { decodeSet(e[3]).forEach(rest); return; }
      var pair = term.split(" "), a = wordDocs[pair[0]], b = wordDocs[pair[1]];
      var candidates = [];
      for (var d = 0; d < n; d++) {
        if (stored[d]) continue;
        if (pair.length === 2 && !(a && b && a[d] && b[d])) continue;
        candidates.push(d);
      }
      var pos = decodeSet(e[3].slice(1));
      if (mark === "~") {
        pos.forEach(function (i) { rest(candidates[i]); });
      } else {
        var out = new Uint8Array(candidates.length);
        pos.forEach(function (i) { out[i] = 1; });
        candidates.forEach(function (c, i) { if (!out[i]) rest(c); });
      }
    }
    /** fn(doc, value) as for a stored posting of flags META (and the spelling bit 1 when
     *  the name spells the term as one of `exactOf`) for each document not `seen` whose
     *  issuer, type, year or campaign holds the term: the index does not store those
     *  postings (see META in src/search/index.rs). */
    function byMeta(term, exactOf, seen, fn) {
      var ft = self.facetTerms, any = false;
      function hits(list) {
        return list.map(function (terms) {
          var spellings = terms[term];
          if (!spellings) return 0;
          any = true;
          for (var x in spellings) if (exactOf && exactOf[x]) return 2;
          return 1;
        });
      }
      var issuer = hits(ft.issuer), type = hits(ft.type), year = hits(ft.year);
      var campaign = hits(ft.campaign);
      if (!any) return;
      for (var d = 0; d < n; d++) {
        if (seen[d]) continue;
        var h = Math.max(issuer[self.issuerOf[d]] || 0, type[self.typeOf[d]] || 0,
          year[self.yearOf[d] - 1] || 0);
        for (var c = 0; c < campaign.length; c++) {
          if (campaign[c] > h && self.campaignDocs[c][d]) h = campaign[c];
        }
        if (h) fn(d, DERIVED | META | (h === 2 ? EXACT_META : 0));
      }
    }
    function idf(df) { return Math.log(1 + n / df); }

    Object.keys(qt.unigrams).forEach(function (term) {
      var u = qt.unigrams[term], e = self.entry(term);
      if (!e) return;
      var exactBit = 0;
      if (qt.accents && e[1]) {
        e[1].forEach(function (v, k) { if (u.exact[v]) exactBit |= 1 << k; });
      }
      var w0 = idf(e[0]), docs = (wordDocs[term] = new Uint8Array(n));
      each(term, e, function (doc, v) {
        // Pairs' candidates are the documents with both words stored or listed, as the
        // index counts them: not those derived from the metadata.
        if (!(v & DERIVED)) docs[doc] = 1;
        var flags = v & 31;
        var w = weight(flags) * w0;
        if (flags & (SUBJECT | META | NUMBER)) field[doc] |= u.bits;
        if (flags & SUBJECT) subject[doc] |= u.bits;
        if (flags & (META | NUMBER)) meta[doc] |= u.bits;
        var spelled = v & DERIVED ? qt.accents && (v & EXACT_META) :
          exactBit && (((v >>> 5) ^ 1) & exactBit);
        if (spelled) {
          w *= 1.5;
          exact[doc] |= u.bits;
        }
        score[doc] += w;
        has[doc]++;
      }, function (doc) {
        // Not stored: the word is in the body only, and common there.
        docs[doc] = 1;
        score[doc] += BODY_WEIGHT[1] * w0;
        has[doc]++;
      }, u.exact);
    });
    Object.keys(qt.bigrams).forEach(function (term) {
      var e = self.entry(term), inPhrase = qt.phrase[term];
      if (!e) return;
      var w0 = idf(e[0]);
      each(term, e, function (doc, v) {
        var flags = v & 31;
        score[doc] += ((flags & SUBJECT ? 4 : 0) + (flags & META ? 3 : 0) +
          (flags & NUMBER ? 3 : 0) + BODY_WEIGHT[flags & 3]) * w0;
        if (flags & SUBJECT) pairs[0][doc]++;
        if (flags & META) pairs[1][doc]++;
        if (flags & NUMBER) pairs[2][doc]++;
        if (inPhrase) has[doc]++;
      }, function (doc) {
        score[doc] += BODY_WEIGHT[1] * w0;
        if (inPhrase) has[doc]++;
      });
    });
    Object.keys(qt.numbers).forEach(function (term) {
      var bits = qt.numbers[term], e = self.entry(term);
      if (!e) return;
      var w0 = idf(e[0]);
      each(term, e, function (doc, v) {
        if (v & NUMBER) {
          numbered[doc] = 1;
          field[doc] |= bits;
          meta[doc] |= bits;
        } else {
          score[doc] += 3 * w0;
        }
      }, function (doc) { score[doc] += w0; });
    });

    var all = 0;
    Object.keys(qt.unigrams).forEach(function (t) { all |= qt.unigrams[t].bits; });
    var full = [], partial = [], named = [], best = pairs[0];
    // Tiers below the pairs: every query word in the metadata (what an issuer named by the
    // query issued that year), then query words in the metadata or the subject, whichever
    // holds more, then, of subjects holding every query word, the shorter (the subject that
    // is what was typed).
    var allMeta = new Uint8Array(n), short = new Int32Array(n);
    for (var d = 0; d < n; d++) {
      if (numbered[d]) named.push(d);
      if (!has[d]) continue;
      (has[d] >= need ? full : partial).push(d);
      exact[d] = popcount(exact[d]);
      field[d] = popcount(field[d]);
      allMeta[d] = meta[d] === all ? 1 : 0;
      meta[d] = Math.max(popcount(meta[d]), popcount(subject[d]));
      best[d] = Math.max(best[d], pairs[1][d], pairs[2][d]);
      short[d] = subject[d] === all ? -(sl[d] || 0) : -1e6;
    }
    function order(a, b) {
      return numbered[b] - numbered[a] || exact[b] - exact[a] || field[b] - field[a] ||
        best[b] - best[a] || allMeta[b] - allMeta[a] || meta[b] - meta[a] ||
        short[b] - short[a] || score[b] - score[a] || a - b;
    }
    full.sort(order);
    partial.sort(function (a, b) { return has[b] - has[a] || order(a, b); });
    return { full: full, partial: partial, numbered: named };
  };

  /** A page address as a display row stores it, whole (see short_url in src/search/mod.rs):
   *  a stem is `van-ban/<year>/<stem>.html`, and a stem ending in "~" ends in "-" and the
   *  issuer's slug. */
  Engine.prototype.url = function (id, stored) {
    if (stored.indexOf("/") >= 0) return stored;
    var m = this.meta, year = m.years[this.yearOf[id] - 1];
    if (stored.charAt(stored.length - 1) === "~") {
      var issuer = m.issuers[this.issuerOf[id]];
      stored = stored.slice(0, -1) + "-" + (issuer ? issuer[1] : "");
    }
    return "van-ban/" + year + "/" + stored + ".html";
  };

  /** Display rows [url, number, subject, date, excerpt] of the given ids. */
  Engine.prototype.rows = function (ids) {
    var self = this, size = this.meta.bucket, need = {};
    ids.forEach(function (id) {
      var b = Math.floor(id / size);
      if (!store.docs[b]) need[b] = true;
    });
    return Promise.all(Object.keys(need).map(function (b) {
      return self.load("d-" + b + ".js").catch(function () {});
    })).then(function () {
      return ids.map(function (id) {
        var bucket = store.docs[Math.floor(id / size)];
        var row = bucket ? bucket[id % size] : null;
        return row ? [self.url(id, row[0])].concat(row.slice(1)) : null;
      });
    });
  };

  /* ---- the page ---- */

  /** What a result marks: per query word, either any spelling (typed without accents) or
   *  only the spelling typed (tone marks placed either way: ủy and uỷ are one). */
  function Marker(words) {
    this.any = {};
    this.exact = {};
    var self = this;
    words.forEach(function (w) {
      if (/[\p{M}đ]/u.test(w.exact)) self.exact[w.exact] = true;
      else self.any[w.folded] = true;
    });
  }

  /** Whether a word as written in a text is one the query asks to mark. */
  Marker.prototype.marks = function (word) {
    var lower = word.toLowerCase();
    return this.any[foldWord(lower)] === true || this.exact[exactWord(lower)] === true;
  };

  /** Appends text to el, wrapping the words the marker marks in <mark>. */
  function appendMarked(doc, el, text, marker) {
    var run = "", inWord = false, plain = "";
    function flush() {
      if (!run) return;
      if (inWord && marker.marks(run)) {
        if (plain) { el.appendChild(doc.createTextNode(plain)); plain = ""; }
        var mark = doc.createElement("mark");
        mark.textContent = run;
        el.appendChild(mark);
      } else {
        plain += run;
      }
      run = "";
    }
    for (var c of String(text).normalize("NFC")) {
      var w = WORD_CHAR.test(c);
      if (w !== inWord) { flush(); inWord = w; }
      run += c;
    }
    flush();
    if (plain) el.appendChild(doc.createTextNode(plain));
  }

  /** Of a document's stored passages (one a line, each already cut and marked "…" where it
   *  is, see passages in src/search/mod.rs), the one with the most distinct query words in
   *  any spelling; the first on a tie. */
  function bestPassage(text, folded) {
    var best = "", bestCount = -1;
    String(text).normalize("NFC").split("\n").forEach(function (p) {
      var seen = {}, count = 0;
      (p.match(WORDS) || []).forEach(function (w) {
        var f = foldWord(w.toLowerCase());
        if (folded[f] && !seen[f]) { seen[f] = true; count++; }
      });
      if (count > bestCount) { best = p; bestCount = count; }
    });
    return best;
  }

  /** n with Vietnamese digit grouping: 1.234. */
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function Page(doc, win) {
    this.doc = doc;
    this.win = win;
    var form = doc.getElementById("tim-kiem");
    this.form = form;
    this.base = form.getAttribute("data-index") || "tim-kiem/";
    this.root = form.getAttribute("data-root") || "";
    this.input = doc.getElementById("q");
    this.status = doc.getElementById("trang-thai");
    this.list = doc.getElementById("ket-qua");
    this.partList = doc.getElementById("ket-qua-mot-phan");
    this.partBox = doc.getElementById("mot-phan");
    this.more = doc.getElementById("xem-them");
    this.filterBox = doc.getElementById("bo-loc");
    this.selects = {
      issuer: doc.getElementById("co-quan"),
      year: doc.getElementById("nam"),
      campaign: doc.getElementById("phong-trao"),
      type: doc.getElementById("loai"),
    };
    this.params = { issuer: "co-quan", year: "nam", campaign: "phong-trao", type: "loai" };
    this.loaded = {};
    this.run = 0;
    this.ids = [];
    this.full = 0;
    // Whether the current history entry was made while typing: the next pause replaces it
    // rather than adding one per word.
    this.typing = false;
    this.engine = new Engine(this.loadScript.bind(this));
  }

  Page.prototype.loadScript = function (file) {
    var self = this, src = this.base + file;
    if (!this.loaded[src]) {
      this.loaded[src] = new Promise(function (resolve, reject) {
        var s = self.doc.createElement("script");
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error("cannot load " + src)); };
        self.doc.head.appendChild(s);
      });
    }
    return this.loaded[src];
  };

  /** The status line: its text, and the number of full matches in data-count. */
  Page.prototype.say = function (text, count) {
    this.status.textContent = text;
    if (count === undefined) this.status.removeAttribute("data-count");
    else this.status.setAttribute("data-count", String(count));
  };

  Page.prototype.fillSelects = function () {
    var m = this.engine.meta, doc = this.doc, self = this;
    function fill(sel, items) {
      if (!sel) return;
      items.forEach(function (it) {
        var o = doc.createElement("option");
        o.value = it[1];
        o.textContent = it[0];
        sel.appendChild(o);
      });
    }
    fill(this.selects.issuer, m.issuers);
    fill(this.selects.type, m.types);
    fill(this.selects.campaign, m.campaigns);
    fill(this.selects.year, m.years.map(function (y) { return [String(y), String(y)]; }));
    Object.keys(this.selects).forEach(function (k) {
      var sel = self.selects[k];
      if (sel) sel.disabled = false;
    });
  };

  Page.prototype.readUrl = function () {
    var p = new URLSearchParams(this.win.location.search || "");
    this.input.value = p.get("q") || "";
    var self = this, any = false;
    Object.keys(this.params).forEach(function (k) {
      var sel = self.selects[k], v = p.get(self.params[k]) || "";
      if (sel) sel.value = v;
      any = any || !!v;
    });
    // Folded filters open when the address sets one, so that what restricts is in sight.
    if (this.filterBox && any) this.filterBox.open = true;
  };

  Page.prototype.state = function () {
    var f = { q: this.input.value.trim() }, self = this;
    Object.keys(this.selects).forEach(function (k) {
      f[k] = self.selects[k] ? self.selects[k].value : "";
    });
    return f;
  };

  /** Puts the query in the address: a new history entry (so Back returns to the previous
   *  query) unless `how` is "replace", or "type" after an entry made by typing. */
  Page.prototype.writeUrl = function (f, how) {
    var p = new URLSearchParams(), self = this;
    if (f.q) p.set("q", f.q);
    Object.keys(this.params).forEach(function (k) { if (f[k]) p.set(self.params[k], f[k]); });
    var s = p.toString(), url = s ? "?" + s : this.win.location.pathname;
    var same = (this.win.location.search || "") === (s ? "?" + s : "");
    var replace = how === "replace" || same || (how === "type" && this.typing);
    this.typing = how === "type";
    try {
      if (replace) this.win.history.replaceState(null, "", url);
      else this.win.history.pushState(null, "", url);
    } catch (e) { /* some file:// setups refuse; the results still show */ }
  };

  /** Searches for what the form says; `how` is how the address follows (see writeUrl), or
   *  "none" when it already says it (Back, Forward). */
  Page.prototype.update = function (how) {
    var self = this, f = this.state(), run = ++this.run;
    if (how !== "none") this.writeUrl(f, how);
    if (!f.q && !f.issuer && !f.year && !f.campaign && !f.type) {
      this.ids = [];
      this.clear();
      this.say("Nhập từ khóa hoặc chọn bộ lọc để tìm văn bản.");
      return Promise.resolve();
    }
    this.say("Đang tìm…");
    return this.engine.search(f.q, f).then(function (res) {
      if (run !== self.run) return;
      self.ids = res.full.concat(res.partial);
      self.full = res.full.length;
      self.numbered = res.numbered;
      self.marker = new Marker(res.words);
      self.folded = {};
      res.words.forEach(function (w) { self.folded[w.folded] = true; });
      self.clear();
      return self.show(PAGE, run);
    });
  };

  Page.prototype.clear = function () {
    [this.list, this.partList].forEach(function (l) {
      while (l && l.firstChild) l.removeChild(l.firstChild);
    });
    if (this.partBox) this.partBox.hidden = true;
    this.shown = 0;
    if (this.more) this.more.hidden = true;
  };

  Page.prototype.show = function (count, run) {
    var self = this, from = this.shown, ids = this.ids.slice(from, from + count);
    return this.engine.rows(ids).then(function (rows) {
      if (run !== self.run) return;
      rows.forEach(function (row, k) {
        if (!row) return;
        var partial = from + k >= self.full;
        var list = partial && self.partList ? self.partList : self.list;
        if (partial && self.partBox) self.partBox.hidden = false;
        list.appendChild(self.item(ids[k], row));
      });
      self.shown += ids.length;
      self.report();
      if (self.more) self.more.hidden = self.shown >= self.ids.length;
    });
  };

  /** The status line for the results so far. */
  Page.prototype.report = function () {
    var full = this.full, part = this.ids.length - full, text;
    if (!full) {
      text = "Không có văn bản nào chứa đủ các từ đã nhập.";
      if (!part) text = "Không tìm thấy văn bản nào.";
    } else {
      text = "Tìm thấy " + grouped(full) + " văn bản";
      if (this.shown < full) text += ", hiện " + grouped(this.shown);
      text += ".";
    }
    if (part) text += (full ? " Ngoài ra " : " ") + grouped(part) + " văn bản khớp một phần.";
    if (this.numbered && this.numbered.length === 1 && full && this.ids[0] === this.numbered[0]) {
      text += " Số ký hiệu này là của đúng một văn bản: kết quả đầu tiên.";
    }
    this.say(text, full);
  };

  Page.prototype.item = function (id, row) {
    var doc = this.doc, m = this.engine.meta;
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.setAttribute("href", this.root + row[0]);
    var type = m.types[this.engine.typeOf[id]];
    // As lists title a document: type and number, the type alone for a draft.
    var name = [type ? type[0] : "", this.engine.drafts[id] ? "" : row[1]].filter(Boolean).join(" ");
    if (name) {
      var num = doc.createElement("span");
      num.className = "so-ky-hieu";
      appendMarked(doc, num, name, this.marker);
      a.appendChild(num);
      a.appendChild(doc.createTextNode(" — "));
    }
    appendMarked(doc, a, row[2], this.marker);
    li.appendChild(a);
    var info = doc.createElement("p");
    info.className = "thong-tin";
    var parts = [];
    var issuer = m.issuers[this.engine.issuerOf[id]];
    if (issuer) parts.push(issuer[0]);
    if (row[3]) parts.push(row[3]);
    if (this.engine.drafts[id]) parts.push("DỰ THẢO");
    info.textContent = parts.join(" · ");
    li.appendChild(info);
    if (row[4]) {
      var snip = doc.createElement("p");
      snip.className = "trich-doan";
      appendMarked(doc, snip, bestPassage(row[4], this.folded), this.marker);
      li.appendChild(snip);
    }
    return li;
  };

  Page.prototype.start = function () {
    var self = this, timer = null;
    this.say("Đang tải chỉ mục tìm kiếm…");
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      self.update("push");
    });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.update("type"); }, 200);
    });
    Object.keys(this.selects).forEach(function (k) {
      var sel = self.selects[k];
      if (sel) sel.addEventListener("change", function () { self.update("push"); });
    });
    if (this.more) {
      this.more.addEventListener("click", function () { self.show(PAGE, self.run); });
    }
    if (this.win.addEventListener) {
      this.win.addEventListener("popstate", function () {
        clearTimeout(timer);
        self.typing = false;
        self.readUrl();
        self.update("none");
      });
    }
    return this.engine.init().then(function () {
      self.fillSelects();
      self.readUrl();
      return self.update("replace");
    }, function () {
      self.say("Không tải được chỉ mục tìm kiếm (thư mục tim-kiem/ bị thiếu?).");
    });
  };

  R.tokenize = tokenize;
  R.decodeSet = decodeSet;
  R.decodePostings = decodePostings;
  R.queryTerms = queryTerms;
  R.Engine = Engine;
  R.Page = Page;

  var doc = W.document;
  if (doc && doc.getElementById && doc.getElementById("tim-kiem")) {
    R.page = new Page(doc, W);
    R.ready = R.page.start();
  }
})(typeof window !== "undefined" ? window : this);
