"""The voice controls beside the answer box: record or upload, read questions aloud; the timer.

Kept in one place (``voice_controls`` builds them, ``wire_voice`` connects them) so the
layout in ``app.py`` only has to say where they go. A recording is transcribed on the
server (offline Whisper) into the answer box, where the candidate checks and edits it
before sending; the measured delivery rides along in per-tab state and is attached to the
answer that is sent. Speaking the questions and the timer run in the browser only: the
interviewer's voice is the browser's own ``speechSynthesis``, so nothing is downloaded, and
a browser without voices simply stays quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ..voice import MAX_SECONDS, Recording
from .handlers import guard

MIC_NOTE_HTML = '<div id="voice-mic-note" role="status" style="font-size:90%"></div>'

#: Under the answer box: how long this answer has taken (typed or spoken) and how to send it.
#: role="timer" is not announced every second; the keys are what a keyboard user needs.
ANSWER_HINT_HTML = (
    '<div id="answer-hint"><span id="answer-timer" role="timer" aria-label="Answer time">'
    'Answer time <b id="answer-timer-value">0:00</b></span> · <span id="answer-keys">'
    "Shift+Enter or Ctrl+Enter sends; Enter starts a new line</span></div>"
)

# Installed once per page: a clock that counts from window.__coachTimerStart (the page's load,
# then each new question), Ctrl+Enter to send from the answer box (gradio's own key for a
# multi-line box is Shift+Enter), and a note when the page cannot record (gradio's own control
# only shows a greyed device list then). The clock reads "–" while no answer is awaited.
TIMER_JS = """
() => {
  if (window.__coachTimer) return [];
  window.__coachTimerStart = Date.now();
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    if (!e.target.closest || !e.target.closest('#answer')) return;
    const send = document.getElementById('send');
    if (send && !send.disabled) { e.preventDefault(); send.click(); }
  });
  window.__coachMicNote = '';
  const upload = ' You can still upload a recording.';
  const media = navigator.mediaDevices;
  const check = () => {
    if (!media || !media.getUserMedia) {
      window.__coachMicNote = 'This page cannot use a microphone (it needs https or '
        + 'localhost).' + upload;
      return;
    }
    media.enumerateDevices().then(ds => {
      const none = !ds.some(d => d.kind === 'audioinput');
      if (none) window.__coachMicNote = 'No microphone found: plug one in and reload.' + upload;
      else if (window.__coachMicNote.startsWith('No microphone')) window.__coachMicNote = '';
    }).catch(() => {});
    if (navigator.permissions) {
      navigator.permissions.query({name: 'microphone'}).then(p => {
        const update = () => {
          if (p.state === 'denied') {
            window.__coachMicNote = 'Microphone access is blocked for this page: allow it in '
              + "the browser's site settings." + upload;
          } else if (window.__coachMicNote.startsWith('Microphone access')) {
            window.__coachMicNote = '';
          }
        };
        update();
        p.onchange = update;
      }).catch(() => {});
    }
  };
  check();
  if (media && media.addEventListener) media.addEventListener('devicechange', check);
  window.__coachTimer = setInterval(() => {
    const note = document.getElementById('voice-mic-note');
    if (note && note.textContent !== window.__coachMicNote) {
      note.textContent = window.__coachMicNote;
    }
    const el = document.getElementById('answer-timer-value');
    if (!el || window.__coachTimerStart == null) return;
    const send = document.getElementById('send');
    const waiting = send && !send.disabled && document.querySelector('#chat .message');
    let shown = '–';
    if (waiting) {
      const s = Math.floor((Date.now() - window.__coachTimerStart) / 1000);
      shown = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    }
    if (el.textContent !== shown) el.textContent = shown;
  }, 250);
  return [];
}
"""

RESTART_TIMER_JS = "() => { window.__coachTimerStart = Date.now(); return []; }"

# After a question is shown: restart the timer, scroll so the question and the answer box are
# both on screen, put the keyboard in the answer box (not on a touch screen, where that would
# pop the keyboard over the question) and, if asked, read the
# last interviewer message aloud. window.__coachSpeech records what happened, for tests.
QUESTION_SHOWN_JS = """
(readAloud, history) => {
  window.__coachTimerStart = Date.now();
  const box = document.querySelector('#answer textarea');
  const progress = document.getElementById('progress');
  // e.g. on a phone, or after Start far down the Prepare form: bring the progress, the
  // question and the answer box into view together
  if (box && progress && (box.getBoundingClientRect().bottom > innerHeight
                          || progress.getBoundingClientRect().top < 0)) {
    progress.scrollIntoView({block: 'start'});
  }
  if (box && !box.disabled && !window.matchMedia('(pointer: coarse)').matches) {
    box.focus({preventScroll: true});
  }
  const report = {asked: !!readAloud, voices: 0, spoke: false};
  window.__coachSpeech = report;
  if (!readAloud) return [];
  try {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return [];
    report.voices = synth.getVoices().length;
    const last = [...(history || [])].reverse().find(m => m && m.role === 'assistant');
    if (!last) return [];
    const parts = Array.isArray(last.content) ? last.content : [last.content];
    const text = parts.map(p => typeof p === 'string' ? p : (p && p.text) || '').join(' ')
      .replace(/[*_`#>]/g, '').trim();
    if (!text) return [];
    synth.cancel();
    synth.speak(new SpeechSynthesisUtterance(text));
    report.spoke = true;
  } catch (e) {
    report.error = String(e);
  }
  return [];
}
"""

STOP_SPEAKING_JS = (
    "(on) => { if (!on && window.speechSynthesis) window.speechSynthesis.cancel(); return []; }"
)


@dataclass
class VoiceControls:
    mic: gr.Audio
    read_aloud: gr.Checkbox
    status: gr.Markdown
    spoken: gr.State  # the Recording behind the text in the answer box, or None


def voice_controls() -> VoiceControls:
    """The microphone and the read-aloud toggle, in a column beside the answer box."""
    with gr.Column(scale=2, min_width=260):
        mic = gr.Audio(
            sources=["microphone", "upload"],
            type="filepath",
            label=f"Speak your answer (up to {MAX_SECONDS // 60} minutes)",
            elem_id="mic",
            format="wav",
        )
        gr.HTML(MIC_NOTE_HTML, elem_id="voice-mic-box")
        read_aloud = gr.Checkbox(
            label="Read questions aloud", value=False, elem_id="read-aloud", container=False
        )
        status = gr.Markdown(elem_id="voice-status")
    return VoiceControls(mic, read_aloud, status, gr.State(None))


def _minutes(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def transcribed(box_text: str, previous: Recording | None, heard: Recording) -> tuple[str, str]:
    """The new text for the answer box and a status line.

    The transcript replaces the box only if the box is empty or still holds the previous
    transcript; anything the candidate typed is kept, with the transcript added below it.
    """
    current = (box_text or "").strip()
    if not current or (previous is not None and current == previous.text.strip()):
        text = heard.text
    else:
        text = f"{current}\n\n{heard.text}"
    d = heard.delivery
    pace = f", {d.words_per_minute} words per minute" if d.words_per_minute else ""
    status = (
        f"Heard {_minutes(d.speaking_seconds)} of speech{pace}. Check the text in the box, "
        "fix anything misheard, then send."
    )
    return text, status


def wire_voice(
    demo: gr.Blocks,
    vc: VoiceControls,
    box: gr.Textbox,
    chat: gr.Chatbot,
    listen: Any,
    shown: list[Any],
    private: dict[str, Any],
) -> None:
    """Connect the controls: ``listen`` transcribes a file; ``shown`` are the events after which
    a new question is on screen (start, answer, resume)."""

    def on_audio(path: str | None, text: str, previous: Recording | None) -> tuple[Any, ...]:
        if not path:
            return gr.skip(), gr.skip(), gr.skip()
        heard = listen(Path(path))
        new_text, status = transcribed(text, previous, heard)
        return new_text, heard, status

    io = ([vc.mic, box, vc.spoken], [box, vc.spoken, vc.status])
    # A recording we cannot use is a toast; the box keeps whatever was typed.
    vc.mic.stop_recording(guard(on_audio, 3), *io, **private)
    vc.mic.upload(guard(on_audio, 3), *io, **private)
    vc.mic.clear(lambda: (None, ""), None, [vc.spoken, vc.status], **private)
    vc.mic.start_recording(None, None, None, js=RESTART_TIMER_JS, **private)
    vc.read_aloud.change(None, vc.read_aloud, None, js=STOP_SPEAKING_JS, **private)
    demo.load(None, None, None, js=TIMER_JS, **private)
    for event in shown:
        event.success(None, [vc.read_aloud, chat], None, js=QUESTION_SHOWN_JS, **private)


def clear_after_send(
    event: Any, vc: VoiceControls, box: gr.Textbox, private: dict[str, Any]
) -> None:
    """Once an answer is in (the box was emptied), its recording is spent: clear the control.

    A refused answer comes back into the box, and keeps its recording for the next try.
    """

    def clear(text: str) -> tuple[Any, ...]:
        if (text or "").strip():
            return gr.skip(), gr.skip(), gr.skip()
        return None, None, ""

    event.then(clear, box, [vc.mic, vc.spoken, vc.status], show_progress="hidden", **private)
