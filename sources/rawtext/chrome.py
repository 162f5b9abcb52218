"""Web chrome: the lines a page wraps around a text (buttons, counters, timestamps, handles, footers).

Recognised by the shape of the line, not by a list of known phrases: a line made only of action
words and counts is a button row whatever the site calls its buttons; a line made only of dates,
times and counts is a timestamp. Each dropped line is reported with its reason.
"""

import re

# Words that, alone or with counts, make a row of buttons or counters.
ACTION_WORDS = {
    *"share shares shared subscribe subscribed unsubscribe like likes liked follow follows following followers".split(),
    *"reply replies comment comments repost reposts reposted retweet retweets quote quotes".split(),
    *"boost boosts boosted".split(),
    *"favourite favourites favorite favorites fave faves bookmark bookmarks save saved restack restacks".split(),
    *"view views print email mail copy link tweet translate report more upvote upvotes heart hearts".split(),
    *"reblog reblogs facebook twitter x linkedin whatsapp reddit pinterest telegram mastodon bluesky threads".split(),
    *"instagram flipboard pocket read min mins minute minutes listen audio gift article post this and or".split(),
    *"loading".split(),
    *"discussion responses response clap claps tip react reactions impressions".split(),
}
COUNT = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?[KkMm]?\+?"
# Call-to-action lines start with an invitation to do something other than read the text.
CALL_TO_ACTION = re.compile(
    r"^(?:subscribe|sign (?:up|in)|log ?in|follow (?:us|me|@|on)|share (?:this|on|via)|leave a (?:comment|reply)"
    r"|join (?:the|our|us)|donate|support (?:us|this|our)|become a (?:paid |free )?(?:member|subscriber|patron)"
    r"|get (?:the|our) (?:newsletter|app)|(?:(?:read|show|see|load|view) (?:more|less|all|the rest)|continue reading)"
    r"(?=\s*(?:$|[:»→…›]|\.\.\.|from\b|about\b|on\b))|show (?:this )?thread|click here|download (?:the|our)"
    r"|thank(?:s| you) for reading"
    r"|this post is (?:public|for)|upgrade to|keep scrolling|discover more|skip to|back to top|jump to"
    r"|type your email|already (?:have an account|a subscriber)|ready for more|listen to this (?:article|story|episode)"
    r"|open in (?:app|browser)|view (?:this )?(?:post|thread|on)|posted in|filed under|tags?:|categories:"
    r"|related(?: articles| posts)?:|recommended|more from|most (?:read|popular)|advertisement|sponsored"
    r"|previous (?:post|article)|next (?:post|article)"
    r"|everybody can reply|who can reply|replying to|show replies|show original|translate post|see translation)"
    r"(?:(?<=\w)\b|(?<=:))",
    re.IGNORECASE,
)
# Labels that are chrome only as a whole line.
LABEL = re.compile(
    r"^(?:pinned|edited|verified(?: account)?|author|original poster|op|follow|following|menu|search|home"
    r"|contents|navigation|top|more|latest|comments?|responses?|listen|audio|image|photo|video|ad)\.?$",
    re.IGNORECASE,
)
LEGAL = re.compile(
    r"(?:^©|^\(c\) ?\d{4}|\bcopyright\b|\ball rights reserved\b|\bprivacy policy\b|\bterms (?:of|and) (?:use|service)"
    r"|\bcookies?\b.*\b(?:policy|settings|use)\b|^powered by\b|^your email address will not be published"
    r"|^required fields are marked|^this site uses\b|^text is available under|^protected by recaptcha"
    r"|^retrieved from\b|^this page was last (?:edited|modified|updated))",
    re.IGNORECASE,
)
# "(A PDF of this supplement can be found HERE)", "(A printable version of this feature can be found HERE)".
PRINTABLE = re.compile(
    r"^\(?[^()]{0,40}\b(?:pdf|printable|print version|download)\b.{0,80}\b(?:here|below)\)?\.?$", re.IGNORECASE
)
PROFILE = re.compile(r"^(?P<author>.*?)\s*\b(?:profile (?:picture|photo|image)|avatar)$", re.IGNORECASE)
PROMOTION = re.compile(r"^an? [\w\s]{1,40} is a new way to\b", re.IGNORECASE)
TAGLINE = re.compile(r"^from [^,]{2,60}, (?:the|an?) [\w\s-]{0,30}encyclop(?:a)?edia\.?$", re.IGNORECASE)
HATNOTE = re.compile(r"^(?:this article is about\b|for other uses, see\b|not to be confused with\b)", re.IGNORECASE)
CREDIT = re.compile(
    r"^(?:(?:photo(?:graph)?|image|illustration|credit|picture)(?: credit)?\s*(?::|by\b)"
    r"|(?:additional )?(?:reporting|editing|writing) by\b)",
    re.IGNORECASE,
)
HANDLE = re.compile(r"^@[\w.]+(?:@[\w.-]+)?$")
NAME_AND_HANDLE = re.compile(r"^(?P<name>[^@]{1,50}?)\s+@[\w.]+(?:@[\w.-]+)?(?:\s*[·•|]\s*.*)?$")
USERNAME = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$|^[a-z0-9]+_[a-z0-9_]+$")
SEPARATOR = re.compile(r"^[\s·•|*—–\-_=~.…]+$")
HASHTAGS = re.compile(r"^(?:#\w+\s*)+$")

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)[a-z]*\.?"
TIME_TOKEN = re.compile(
    rf"^(?:{MONTH}|{WEEKDAY}|\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}|\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?|[ap]\.?m\.?"
    rf"|\d+\s?[smhdwy]|\d+(?:s|m|h|d|w|y|min|mins|hr|hrs)|ago|at|on|yesterday|today|now|just|edited|updated"
    rf"|published|posted|bst|gmt|utc|cet|cest|est|edt|pst|pdt|{COUNT}|views?|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:t[\d:]+z?)?|second|seconds|minute|minutes|hour|hours|day|days|week|weeks)$",
    re.IGNORECASE,
)
HAS_TIME = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\b(?![./]\d)|\b\d+\s?[smhdw]\b|\bago\b|\byesterday\b", re.IGNORECASE
)
HAS_YEAR = re.compile(r"\b(?:1[5-9]|20)\d{2}\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
SPLIT = re.compile(r"[\s·•|,/()\[\]]+")
SYMBOLS = re.compile(r"[^\w\s.,:+'’-]")


def words(line):
    """The line's words, lowercased, without emoji, separators or trailing punctuation."""
    split = SPLIT.split(SYMBOLS.sub(" ", line.lower()))
    return [word.strip(".:;!?…'’") for word in split if word.strip(".:;!?…'’")]


def is_timestamp(line):
    """A line made only of dates, times and counts ('10:42 AM · Mar 3, 2024 · 12.3K Views', '3h', '2 days ago')."""
    tokens = words(line)
    return bool(tokens) and len(line) <= 80 and all(TIME_TOKEN.match(token) for token in tokens)


def is_pure_date(line):
    """A date with a year and no time of day: metadata near the top, so not dropped as a timestamp there."""
    return is_timestamp(line) and bool(HAS_YEAR.search(line)) and not HAS_TIME.search(line)


def is_action_row(line):
    """A row of buttons and counters: 'Share', '42 likes', '💬 3 🔁 12 ❤️ 45', 'Reply Repost Like', '5 min read'."""
    if len(line) > 80:
        return False
    tokens = words(line)
    if not tokens and SYMBOLS.search(line) and not SEPARATOR.match(line):
        return True  # emoji-only button rows
    return bool(tokens) and all(token in ACTION_WORDS or re.fullmatch(COUNT, token) for token in tokens)


# Why a line is chrome, tried in this order: the first test that holds names it.
REASONS = [
    ("profile picture", PROFILE.match),
    ("author handle", lambda line: HANDLE.match(line) or NAME_AND_HANDLE.match(line)),
    ("separator", SEPARATOR.match),
    ("buttons and counts", is_action_row),
    ("timestamp", is_timestamp),
    ("call to action", lambda line: LABEL.match(line) or (len(line) <= 160 and CALL_TO_ACTION.match(line))),
    ("footer", lambda line: len(line) <= 240 and LEGAL.search(line)),
    ("printable version", PRINTABLE.match),
    ("site promotion", lambda line: PROMOTION.match(line) or TAGLINE.match(line)),
    ("hatnote", HATNOTE.match),
    ("credit", lambda line: len(line) <= 160 and CREDIT.match(line)),
    ("hashtags", HASHTAGS.match),
]


def reason(line, *, near_top=False):
    """Why a stripped line is chrome, or None when it is text."""
    if not line or (near_top and is_pure_date(line)):
        return None
    return next((name for name, test in REASONS if test(line)), None)


def author_of(line):
    """The person named by an author line ('Ann Author Profile picture', 'Ann Author @ann · 3h'), or ''."""
    for pattern in (PROFILE, NAME_AND_HANDLE):
        if (match := pattern.match(line)) and match.group(1).strip():
            return match.group(1).strip()
    return ""


def is_name(line):
    """A short line that reads as a person's name: 'Ines Farrow', 'A. N. Author', 'Jean de la Fontaine'."""
    parts = line.split()
    if not 2 <= len(parts) <= 5 or len(line) > 50 or any(ch.isdigit() for ch in line):
        return False
    particles = {"de", "la", "van", "von", "der", "du", "da", "di", "del", "bin", "al", "le"}
    return all(part[0].isupper() or part in particles for part in parts) and not line.endswith((".", ":", "?", "!"))
