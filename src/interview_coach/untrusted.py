"""Text from outside the app: made safe to index, to put in a prompt and to show.

Research files are data written by strangers, and their words end up inside LLM prompts and
on the page. Three things are done to such text here, all pure and cheap:

* :func:`markdown_to_text` reduces research Markdown to text: links keep their words (never
  their address), images, HTML and hidden elements vanish, headings and lists keep their
  Markdown markers so chunking can still split on them.
* :func:`find_injections` / :func:`scrub_injections` find lines that read like instructions
  to a model. They scan a *skeleton* of the whole text, not its surface: Unicode NFKC (full-width
  letters), format characters dropped (zero-width spaces, soft hyphens, direction overrides),
  look-alike letters transliterated (Cyrillic "о" reads as "o"), and lines joined (an
  instruction wrapped over two lines is one sentence to a model). A hit removes every original
  line it touches.
* :func:`clean_line` strips control and format characters from a one-line value (a name, a
  title, a mail header), so a CR cannot start a new header and U+202E cannot reverse a name.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

# --- skeleton: what a model reads, whatever the text looks like -------------------------------


#: Cyrillic and Greek letters drawn like Latin ones. Transliteration alone reads Cyrillic "р"
#: as "r" and "с" as "s", so "рrеviоus" would not read as "previous"; this maps by looks.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁԛԝӏвкмнтАВЕКМНОРСТУХІЈЅԌαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwlbkmhtABEKMHOPCTYXIJSGabeiknoptuxABEZHIKMNOPTYX",
)


def _skeleton_line(line: str) -> str:
    if line.isascii():
        return " ".join(line.lower().split())
    visible = "".join(ch for ch in line if unicodedata.category(ch) != "Cf")
    from anyascii import anyascii  # full-width forms, accents, the rest of Unicode

    plain = anyascii(unicodedata.normalize("NFKC", visible).translate(_LOOKALIKES))
    return " ".join(plain.lower().split())


def skeleton(text: str) -> tuple[str, list[int]]:
    """The text as one lower-case ASCII line, and where each original line starts in it.

    A line ending in a hyphen joins the next without a space ("instruc-" + "tions").
    """
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    for line in text.split("\n"):
        skel = _skeleton_line(line)
        if parts and parts[-1].endswith("-") and skel[:1].isalpha():
            parts[-1] = parts[-1][:-1]
            size -= 1
        elif parts:
            parts.append(" ")
            size += 1
        starts.append(size)
        parts.append(skel)
        size += len(skel)
    return "".join(parts), starts


# --- instructions aimed at a model ---------------------------------------------------------------

_IGNORE = (
    r"ignore|disregard|forget|override|bypass|set aside|discard|abandon|neglect|skip|"
    r"pay no (?:attention|heed) to|stop following|(?:do not|don't|no longer) follow"
)
_ORDERS = (
    r"instructions?|prompts?|rules|guidelines|directions|directives|context|guidance|orders|"
    r"commands|everything (?:you (?:were|have been|'ve been) )?told|"
    r"what you (?:were|have been) told"
)
_AUDIENCE = r"ai|a\.i\.|llm|language model|chatbot|assistant|model|grader|evaluator|bot|writer"
_PATTERNS = [
    # "ignore all previous instructions", "set aside everything you were told"
    rf"\b(?:{_IGNORE})\b.{{0,40}}\b(?:{_ORDERS})\b",
    r"\b(?:ignore|disregard|forget|set aside) (?:everything|all|anything)\b.{0,30}\b(?:above|"
    r"before|previous|previously|prior|so far|earlier)\b",
    r"\byou are now (?:a|an|acting|no longer|free|unrestricted|my|in (?:developer|dan|god) mode)\b",
    r"\bfrom now on,? you\b",
    r"\b(?:system|developer|hidden|initial) (?:prompt|message|instructions?)\b",
    r"\bas an? (?:ai|a\.i\.|artificial intelligence|language model|llm|large language model)\b",
    rf"\b(?:note|message|instructions?|attention|task) (?:to|for) (?:the |any |all )?"
    rf"(?:email |e-mail )?(?:{_AUDIENCE})s?\b",
    r"\breveal (?:your|the)\b.{0,30}\b(?:prompt|instructions|rules|secrets?|configuration|key)\b",
    r"\bdo not (?:evaluate|score|grade|critique|judge|penalise|penalize|assess)\b",
    r"\b(?:give|award|assign|rate)\b.{0,40}\b(?:full marks|perfect score|maximum score|"
    r"highest score|top score|10/10|5/5)\b",
    r"\bnew (?:instructions|orders)\b",
    r"\byour (?:new|real|actual|true) (?:task|instructions?|goal|purpose)\s*(?:is\b|:)",
    r"\b(?:pretend|act as if) (?:that )?you (?:are|were)\b",
    r"\bjailbreak\b|\bdan mode\b",
    r"<\|?(?:im_start|im_end|system|assistant|endoftext)\|?>|\[/?inst\]|<</?sys>>",
    # Words meant for whoever reads this to the candidate ("tell the candidate to…").
    r"\b(?:tell|say to|inform|advise|urge|warn|remind|instruct) (?:the |every |each )?"
    r"(?:candidate|applicant|interviewee)s?\b",
    # French, the one other language the corpus shows (instructions, "tell the candidate").
    r"\b(?:ignore[zr]?|oublie[zr]?|ne tenez pas compte)\b.{0,40}\b(?:consignes?|instructions?|"
    r"regles|directives)\b",
    r"\b(?:dites|dis|indiquez) (?:au|a la) (?:candidat|candidate)\b",
    r"\b(?:tu es|vous etes) (?:maintenant|desormais)\b",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
#: A chat role label opening a line ("System:", "### Assistant:").
_ROLE_LINE = re.compile(r"^\W{0,4}(?:system|assistant|developer)\s*\W{0,2}\s*:")


def _flagged_lines(text: str) -> set[int]:
    skel, starts = skeleton(text)
    originals = text.split("\n")
    lines = {i for i, line in enumerate(originals) if _ROLE_LINE.match(_skeleton_line(line))}
    for m in _INJECTION.finditer(skel):
        found = m.group()  # the space that joined two lines belongs to neither of them
        start = m.start() + len(found) - len(found.lstrip())
        end = max(start, m.start() + len(found.rstrip()) - 1)
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end) - 1
        # A sentence wrapped onto following lines goes with its instruction.
        while (
            last + 1 < len(originals)
            and last - first < 4
            and not originals[last].rstrip().endswith((".", "!", "?", ":"))
            and originals[last + 1].lstrip()[:1].islower()
        ):
            last += 1
        lines.update(range(first, last + 1))
    return lines


def find_injections(text: str) -> list[str]:
    """Lines of ``text`` that read like instructions to an AI model rather than information.

    Conservative on purpose: a false positive costs one line of research, a miss lets a
    document steer the interviewer or the scorer. Also used on model output.
    """
    lines = text.split("\n")
    return [lines[i].strip() for i in sorted(_flagged_lines(text))]


def scrub_injections(text: str) -> tuple[str, list[str]]:
    """``text`` without the lines :func:`find_injections` flags, plus those lines."""
    lines = text.split("\n")
    flagged = _flagged_lines(text)
    kept = [line for i, line in enumerate(lines) if i not in flagged]
    return "\n".join(kept), [lines[i].strip() for i in sorted(flagged)]


# --- research Markdown as text ---------------------------------------------------------------

_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0"
    r"(?![.\d]*[1-9])",
    re.I,
)


def hidden_element(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an HTML element's attributes keep it (and its text) off the screen."""
    for name, value in attrs:
        name = name.lower()
        if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true"):
            return True
        if name == "style" and _HIDDEN_STYLE.search(value or ""):
            return True
    return False


class _InlineHTML:
    """Tracks hidden elements across the separate tag tokens of inline HTML in Markdown."""

    TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")
    ATTR = re.compile(r"""([\w-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}

    def __init__(self) -> None:
        self.hidden: list[str] = []  # tag names of open hidden elements

    def feed(self, html: str) -> str:
        """Visible text of an HTML fragment: tags and comments removed, hidden parts too."""
        html = re.sub(r"<!--.*?(?:-->|$)", "", html, flags=re.S)
        out, pos = [], 0
        for m in self.TAG.finditer(html):
            if not self.hidden:
                out.append(html[pos : m.start()])
            pos = m.end()
            closing, tag, rest = m.group(1), m.group(2).lower(), m.group(3)
            if closing:
                if self.hidden and self.hidden[-1] == tag:
                    self.hidden.pop()
                continue
            attrs = [(a, (v or "").strip("\"'")) for a, v in self.ATTR.findall(rest)]
            hides = tag in ("script", "style") or self.hidden or hidden_element(attrs)
            if hides and tag not in self.VOID and not rest.rstrip().endswith("/"):
                self.hidden.append(tag)
        if not self.hidden:
            out.append(html[pos:])
        return "".join(out)


@lru_cache(maxsize=1)
def _parser() -> object:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def markdown_to_text(source: str) -> str:
    """Research Markdown as text a page shows as text and a prompt reads as data.

    Headings, list markers, emphasis and line breaks stay as written (chunking and the
    scrubber need them, and unchanged text keeps prompts the same); links become their words,
    images and HTML disappear.
    """
    tokens = _parser().parse(source)  # type: ignore[attr-defined]
    html = _InlineHTML()
    out: list[str] = []
    prefix: list[str] = []  # list markers and quote marks for the next block
    cells: list[str] = []
    end = "\n\n"
    for tok in tokens:
        kind = tok.type
        if kind == "paragraph_open":  # paragraphs of a tight list are one line each
            end = "\n" if tok.hidden else "\n\n"
        if kind == "heading_open":
            prefix.append("#" * int(tok.tag[1]) + " ")
        elif kind == "list_item_open":
            prefix.append(f"{tok.info or 1}. " if tok.markup in (".", ")") else "- ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            out.append("\n")
        elif kind in ("th_open", "td_open"):
            cells.append("")
        elif kind == "tr_close":
            out.append(" | ".join(c.strip() for c in cells) + "\n")
            cells = []
        elif kind == "inline":
            text = _inline(tok.children or [], html)
            if cells:
                cells[-1] += text
            elif text.strip():
                out.append("".join(prefix) + text + (end if kind == "inline" else ""))
                prefix, end = [], "\n\n"
        elif kind in ("fence", "code_block"):
            out.append(tok.content + "\n")
        elif kind == "html_block":
            text = html.feed(tok.content).strip()
            if text:
                out.append(text + "\n\n")
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip() + "\n"


def _inline(children: list, html: _InlineHTML) -> str:
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "html_inline":
            html.feed(child.content)
        elif html.hidden:
            continue
        elif kind == "text":
            parts.append(child.content)
        elif kind == "code_inline":
            parts.append(f"{child.markup}{child.content}{child.markup}")
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            parts.append(child.markup)
    return "".join(parts)


# --- one-line values: names, titles, mail headers ------------------------------------------


def clean_line(text: str) -> str:
    """One line without control or format characters (CR, LF, NUL, U+202E, zero-width…).

    Tabs and line breaks become spaces; runs of spaces collapse.
    """
    text = "".join(
        " " if ch in "\t\r\n\v\f\x85\u2028\u2029" else ch
        for ch in str(text or "")
        if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\r\n\v\f\x85"
    )
    return " ".join(text.split())
