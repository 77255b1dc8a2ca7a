#!/usr/bin/env python3
"""Browser tests of the voice page (Public/index.html) in headless Chromium, against `serve --simulator`.

The microphone is Chromium's fake capture device fed from a WAV that espeak-ng speaks (then silence, looped
by Chromium), so the simulator's energy-based VAD hears real turns: speech, a pause that ends the turn, and
speech again while the assistant answers (barge-in). Samples played are counted by the playback worklet as
it hands audio to the output, read through the page's read-only hook `window.__relayTest.snapshot()`.

    python3 Tests/Browser/test_page.py --base-url http://127.0.0.1:PORT \
        [--relay-binary .build/debug/realtime-relay] [--artifacts reports/browser]

With --relay-binary it also starts relays of its own: one that wants an access token (a refused connection
shown in plain words, then the token field), stopped and restarted under the page (reconnect with backoff,
announced as a new session); one whose upstream speaks the preview protocol, with operator instructions; and
one with a 6-second session limit (the expiry warning, then the close).
Exit status 0 when every check passes.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
except ImportError:
    sys.exit("selenium is missing: python3 -m pip install selenium")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPEECH = "Hello there. This is the browser test, talking to the relay through a fake microphone."


class CheckFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


# ---------------------------------------------------------------------------------------------- setup

def make_speech_wav(directory):
    """espeak-ng speech, resampled to 48 kHz mono and followed by 3.5 s of silence (Chromium loops it)."""
    raw = os.path.join(directory, "speech-raw.wav")
    wav = os.path.join(directory, "speech.wav")
    subprocess.run(["espeak-ng", "-s", "160", "-w", raw, SPEECH], check=True)
    subprocess.run(["sox", raw, "-r", "48000", "-c", "1", "-b", "16", wav, "gain", "-n", "-3", "pad", "0.3", "3.5"],
                   check=True)
    return wav


def find(name, candidates):
    for path in candidates:
        if path and os.path.exists(path):
            return path
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found (apt-get install -y chromium chromium-driver)")
    return found


def start_browser(args, wav):
    options = webdriver.ChromeOptions()
    options.binary_location = find("chromium", [args.chromium, "/usr/bin/chromium", "/usr/bin/chromium-browser"])
    for flag in [
        "--headless=new",
        "--disable-dev-shm-usage",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1280,900",
        "--lang=en-US",
        "--no-sandbox",  # CI containers (root or not) rarely allow Chromium's sandbox; the page is our own
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(find("chromedriver", [args.chromedriver, "/usr/bin/chromedriver"]))
    return webdriver.Chrome(options=options, service=service)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """A relay of the test's own (`serve --simulator` with extra options) on a fixed port it can restart on."""

    def __init__(self, binary, workdir, extra, env=None):
        self.binary, self.workdir, self.extra = binary, workdir, extra
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.process = None
        self.log_path = os.path.join(workdir, f"relay-{self.port}.log")

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--simulator", "--host", "127.0.0.1", "--port", str(self.port),
             "--public", os.path.join(ROOT, "Public"), "--log-dir", os.path.join(self.workdir, "frames"),
             "--drain-timeout", "1", *self.extra],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise CheckFailed(f"the test's relay did not start; its log:\n{open(self.log_path).read()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"


# ---------------------------------------------------------------------------------------------- the page

class Page:
    def __init__(self, driver):
        self.driver = driver
        self.last = None

    def open(self, url):
        self.driver.get(url)
        self.wait(lambda: self.driver.execute_script("return !!window.__relayTest"), 10, "the page's modules to load",
                  snapshot=False)

    def snap(self):
        self.last = self.driver.execute_script("return window.__relayTest.snapshot()")
        return self.last

    def wait(self, predicate, timeout, what, snapshot=True):
        deadline = time.time() + timeout
        while True:
            if snapshot:
                state = self.snap()
                if predicate(state):
                    return state
            elif predicate():
                return True
            if time.time() > deadline:
                raise CheckFailed(f"timed out after {timeout} s waiting for {what}; page state: {self.describe()}")
            time.sleep(0.1)

    def describe(self):
        s = self.last or {}
        keys = ["status", "connection", "appendsSent", "audioDeltas", "samplesPlayed", "truncates", "errors",
                "notices", "closes", "sessions"]
        brief = {k: s.get(k) for k in keys}
        brief["conversation"] = [f"{c['role']}: {c['text'][:70]}" for c in s.get("conversation", [])][-6:]
        return json.dumps(brief, indent=1)

    def click(self, element_id):
        self.driver.find_element(By.ID, element_id).click()

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def items(self, role):
        return [c for c in self.snap()["conversation"] if c["role"] == role]

    def console_errors(self):
        return [entry for entry in self.driver.get_log("browser") if entry.get("level") == "SEVERE"]


# ---------------------------------------------------------------------------------------------- checks

def scenario_conversation(page, base_url, artifacts):
    """Speech, both transcripts, playback, barge-in by speech and by the Stop button, typed text, push-to-talk."""

    def loads_and_connects():
        page.open(base_url)
        check(page.text("status") == "Not connected", "the page starts disconnected")
        page.click("start")
        s = page.wait(lambda s: s["sessionReady"], 15, "session.created")
        check(s["socketUrl"].startswith("ws://") and s["socketUrl"].endswith("/realtime"),
              f"the socket goes to /realtime on the page's origin: {s['socketUrl']}")
        check(s["contextRate"] and s["contextRate"] != 24000,
              f"the AudioContext runs at the device's rate (resampled in the worklet), not a forced 24 kHz: {s['contextRate']}")
        check(s["micOn"], "the fake microphone was granted")
        check(s["sent"].get("session.update", 0) >= 1, "the settings went out as session.update")
        page.wait(lambda s: s["appendsSent"] >= 10, 10, "10 input_audio_buffer.append events (~1 s of audio)")
        page.wait(lambda: page.driver.execute_script("return document.getElementById('input-level').value") > 0.05,
                  10, "the input level meter to move", snapshot=False)

    def spoken_turn_both_transcripts_and_playback():
        page.wait(lambda s: any(c["role"] == "user" and c["text"].startswith("(simulated) I heard") for c in s["conversation"]),
                  25, "the user's transcript (input transcription)")
        page.wait(lambda s: any(c["role"] == "assistant" and "I heard about" in c["text"] for c in s["conversation"]),
                  15, "the assistant's transcript (output transcript deltas)")
        s = page.wait(lambda s: s["samplesPlayed"] >= 24000, 15, "one second of assistant audio played")
        check(s["audioDeltas"] > 0 and s["received"].get("response.output_audio.delta", 0) > 0, "audio deltas arrived")
        check(s["latencies"] and 0 <= s["latencies"][0]["ms"] < 5000, f"a speech-end to first-audio latency: {s['latencies']}")
        shown = page.text("conversation")
        check("(simulated) I heard" in shown and "I heard about" in shown, "both transcripts are on screen")
        order = [c["role"] for c in s["conversation"] if c["kind"] == "message"]
        check(order[:2] == ["user", "assistant"], f"the user's turn is above the answer: {order}")

    def barge_in_by_speech():
        s = page.wait(lambda s: any(t["cause"] == "speech" for t in s["truncates"]), 25,
                      "a truncate sent when the user spoke over the assistant")
        t = next(t for t in s["truncates"] if t["cause"] == "speech")
        check(0 < t["audio_end_ms"] <= t["received"] * 1000 // 24000,
              f"audio_end_ms is what was played, within what was received: {t}")
        check(abs(t["audio_end_ms"] - t["played"] * 1000 // 24000) <= 1, f"audio_end_ms is the samples played: {t}")
        page.wait(lambda s: s["received"].get("conversation.item.truncated", 0) >= 1, 5, "conversation.item.truncated")
        page.wait(lambda s: s["received"].get("input_audio_buffer.speech_started", 0) >= 2, 5, "the second speech_started")
        check(not page.snap()["errors"], f"no error events: {page.last['errors']}")

    def typed_message_gets_an_answer():
        page.click("mute")
        page.wait(lambda s: s["status"] == "muted", 30, "the page to be idle with the microphone muted")
        time.sleep(0.5)
        check(page.snap()["status"] == "muted", "still idle")
        box = page.driver.find_element(By.ID, "message")
        box.send_keys("Hello from the browser test")
        box.send_keys(Keys.ENTER)
        check(box.get_attribute("value") == "", "Enter sent the message")
        s = page.wait(lambda s: any(c["role"] == "assistant" and 'You said: "Hello from the browser test"' in c["text"]
                                    for c in s["conversation"]), 15, "the answer to the typed message")
        item = next(c for c in s["conversation"] if 'You said: "Hello from the browser test"' in c["text"])
        check(any(c["role"] == "user" and c["text"] == "Hello from the browser test" for c in s["conversation"]),
              "the typed message is in the conversation")
        page.wait(lambda s: s["audioItems"].get(item["id"], {}).get("played", 0) >= 12000, 10,
                  "half a second of the answer played")
        return item["id"]

    def stop_button_truncates(item_id):
        before = page.snap()["sent"].get("response.cancel", 0)
        page.click("interrupt")
        s = page.wait(lambda s: any(t["cause"] == "button" for t in s["truncates"]), 5, "a truncate from the Stop button")
        t = next(t for t in s["truncates"] if t["cause"] == "button")
        check(t["item_id"] == item_id, "the truncate names the answer being played")
        check(0 < t["audio_end_ms"] <= t["received"] * 1000 // 24000, f"audio_end_ms within what was received: {t}")
        check(s["sent"].get("response.cancel", 0) == before + 1, "the unfinished response was cancelled")
        played = page.snap()["samplesPlayed"]
        time.sleep(0.6)
        check(page.snap()["samplesPlayed"] == played, "playback stopped at once and stays stopped")
        page.wait(lambda s: s["received"].get("conversation.item.truncated", 0) >= 2, 5, "the second conversation.item.truncated")
        answer = next(c for c in page.snap()["conversation"] if c["id"] == item_id)
        check(answer["interrupted"], "the answer is marked interrupted")
        check(not page.last["errors"], f"no error events: {page.last['errors']}")
        page.driver.save_screenshot(os.path.join(artifacts, "page-desktop.png"))

    def push_to_talk_from_the_keyboard():
        page.driver.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="ptt"]').click()
        page.wait(lambda s: s["session"] and s["session"]["turnDetection"] is None, 5,
                  "session.updated with turn detection off")
        page.click("mute")  # unmute
        talk = page.driver.find_element(By.ID, "talk")
        check(talk.is_displayed() and talk.is_enabled(), "the talk button is shown in push-to-talk mode")
        before = page.snap()
        appends = before["appendsSent"]
        answers = len(page.items("assistant"))
        time.sleep(0.5)
        check(page.snap()["appendsSent"] == appends, "no audio is sent while the button is up")
        talk_button = page.driver.find_element(By.ID, "talk")
        page.driver.execute_script("arguments[0].focus()", talk_button)
        ActionChains(page.driver).key_down(Keys.SPACE).perform()
        time.sleep(1.6)
        ActionChains(page.driver).key_up(Keys.SPACE).perform()
        s = page.wait(lambda s: s["sent"].get("input_audio_buffer.commit", 0) >= 1, 5, "a commit on release")
        check(s["appendsSent"] - appends >= 12, f"about 1.6 s of audio was appended ({s['appendsSent'] - appends} chunks)")
        check(s["sent"].get("response.create", 0) > before["sent"].get("response.create", 0), "and a response.create")
        page.wait(lambda s: len([c for c in s["conversation"] if c["role"] == "assistant"]) > answers
                  and s["samplesPlayed"] > before["samplesPlayed"] + 12000, 15, "an answer to the push-to-talk turn")
        check(not page.snap()["errors"], f"no error events: {page.last['errors']}")

    def accessible_names_and_phone_width_in_dark():
        missing = page.driver.execute_script("""
            const unnamed = [];
            for (const el of document.querySelectorAll('button, input, select, textarea, meter, canvas')) {
              if (el.type === 'hidden' || el.closest('[hidden]')) continue;
              const named = el.getAttribute('aria-label') || (el.labels && el.labels.length) ||
                            (el.tagName === 'BUTTON' && el.textContent.trim()) || el.getAttribute('aria-labelledby');
              if (!named) unnamed.push(el.outerHTML.slice(0, 80));
            }
            return unnamed;""")
        check(not missing, f"every control has an accessible name: {missing}")
        check(page.driver.execute_script("return document.getElementById('announcer').getAttribute('aria-live')") == "polite",
              "transcripts are announced through a polite live region")
        announced = page.driver.execute_script("return document.getElementById('announcer').textContent")
        check("Assistant:" in announced, "finished transcripts reach the live region")
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                    {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        page.driver.set_window_size(390, 844)
        time.sleep(0.5)
        overflow = page.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 0, f"nothing wider than a phone screen ({overflow} px too wide)")
        background = page.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        check(background == "rgb(17, 20, 24)", f"dark colours in dark mode ({background})")
        page.driver.save_screenshot(os.path.join(artifacts, "page-phone-dark.png"))
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        page.driver.set_window_size(1280, 900)

    def event_log():
        page.driver.find_element(By.CSS_SELECTOR, "#log > summary").click()
        page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#log-list > li"), 5,
                          "the event log to show entries", snapshot=False)
        text = page.text("log-list")
        check("input_audio_buffer.append ×" in text, "bursts of appends are folded into one line with a count")
        for kind in ["session.update", "input_audio_buffer.commit", "response.output_audio.delta", "response.done"]:
            check(kind in text, f"the log lists {kind}")
        # The log keeps moving while audio flows: find, open and read one entry in the page itself.
        opened = page.driver.execute_script("""
            const li = [...document.querySelectorAll('#log-list > li')].reverse()
              .find((li) => li.textContent.includes('input_audio_buffer.append'));
            if (!li) return false;
            li.id = 'log-entry-under-test';
            li.querySelector('details').open = true;
            return true;""")
        check(opened, "an append line to open")
        detail = page.wait(lambda: page.driver.execute_script(
            "return document.querySelector('#log-entry-under-test pre')?.textContent"), 5, "the entry's JSON",
            snapshot=False)
        detail = page.driver.execute_script("return document.querySelector('#log-entry-under-test pre').textContent")
        check("bytes of base64 audio" in detail, f"expanding an entry shows its JSON with audio elided: {detail[:200]}")
        page.driver.find_element(By.CSS_SELECTOR, "#log > summary").click()

    def ends_cleanly():
        page.click("start")
        page.wait(lambda s: s["connection"] == "idle", 5, "the conversation to end")
        check(page.text("start") == "Start conversation", "the button offers a new conversation")
        errors = [e for e in page.console_errors() if "favicon" not in e.get("message", "")]
        check(not errors, f"no errors in the browser console: {errors}")

    yield "the page loads, opens /realtime on its origin and streams microphone appends", loads_and_connects
    yield "a spoken turn: both transcripts shown, in order, and the answer's audio played", spoken_turn_both_transcripts_and_playback
    yield "barge-in by speaking: playback stops and a truncate says what was heard", barge_in_by_speech
    item = {}
    yield "a typed message gets a spoken answer", lambda: item.setdefault("id", typed_message_gets_an_answer())
    yield "the Stop button cancels, truncates at what was played, and playback stops", lambda: stop_button_truncates(item["id"])
    yield "push-to-talk from the keyboard: appends while held, commit and response.create on release", push_to_talk_from_the_keyboard
    yield "accessible names, live region, phone width in dark mode", accessible_names_and_phone_width_in_dark
    yield "the event log expands: folded bursts, JSON with audio elided", event_log
    yield "ending the conversation; no console errors", ends_cleanly


def scenario_refusal_and_reconnect(page, relay, token, artifacts):
    """A relay that wants an access token: refused in plain words, then accepted; then it restarts under us."""

    def refusal_in_plain_words():
        page.open(relay.url)
        page.driver.execute_script("sessionStorage.clear()")
        page.click("start")
        s = page.wait(lambda s: s["connection"] == "closed", 10, "the refused connection to be reported")
        texts = " ".join(n["text"] for n in s["notices"])
        check("The relay refused the connection (origin, access token or capacity)" in texts,
              f"the refusal is explained: {texts}")
        time.sleep(1.5)
        check(page.snap()["connection"] == "closed", "a refusal is not retried")
        check(page.text("status") == "Disconnected", "the status says so")

    def access_token_from_settings():
        page.driver.find_element(By.CSS_SELECTOR, "#settings > summary").click()
        page.driver.find_element(By.ID, "token").send_keys(token)
        page.click("start")
        page.wait(lambda s: s["sessionReady"], 15, "a session with the access token")

    def reconnects_as_a_new_session():
        relay.stop()                        # SIGTERM: sessions get 1001 (going away) after --drain-timeout 1
        page.wait(lambda s: s["connection"] == "reconnecting", 10, "the page to start reconnecting")
        texts = " ".join(n["text"] for n in page.snap()["notices"])
        check("Reconnecting in" in texts and "new session" in texts, f"the page says it reconnects: {texts}")
        time.sleep(1.5)
        relay.start()
        s = page.wait(lambda s: s["sessionReady"] and s["sessions"] >= 2, 30, "the page to reconnect by itself")
        texts = " ".join(n["text"] for n in s["notices"])
        check("This is a new session" in texts, f"the reconnect is announced as a new session: {texts}")
        dividers = [c["text"] for c in s["conversation"] if c["kind"] == "divider"]
        check(any("does not remember" in d for d in dividers), f"a divider marks the new session: {dividers}")
        page.driver.save_screenshot(os.path.join(artifacts, "page-reconnected.png"))
        page.click("start")

    yield "a refused connection (access token missing) is explained in plain words, not retried", refusal_in_plain_words
    yield "the access token field gets the page in (subprotocol relay-token.T)", access_token_from_settings
    yield "a relay restart: backoff, then reconnect announced as a new session", reconnects_as_a_new_session


def scenario_preview_and_instructions(page, relay):
    """An upstream on the preview protocol (response.audio.delta, ...) and operator instructions."""

    def preview_audio_plays_and_instructions_stay_hidden():
        page.open(relay.url)
        page.click("start")
        page.wait(lambda s: s["sessionReady"], 15, "a session on the preview protocol")
        s = page.wait(lambda s: s["received"].get("response.audio.delta", 0) > 0 and s["samplesPlayed"] >= 12000, 30,
                      "preview audio deltas (response.audio.delta) played")
        check(s["received"].get("response.output_audio.delta", 0) == 0, "no GA audio events on this upstream")
        page.wait(lambda s: any(c["role"] == "assistant" and "I heard about" in c["text"] for c in s["conversation"]),
                  10, "the assistant's transcript from response.audio_transcript.delta")
        shown = page.text("instructions")
        check("Set by the relay's operator" in shown and "Answer briefly" not in shown,
              f"the operator's instructions are not shown or editable: {shown!r}")
        check(not page.driver.find_elements(By.CSS_SELECTOR, "textarea#instructions, input#instructions"),
              "there is no instructions field")

        page.click("start")

    yield "a preview upstream: response.audio.delta plays; operator instructions stay hidden", \
        preview_audio_plays_and_instructions_stay_hidden


def scenario_time_limit(page, relay):
    """A relay with --max-session-seconds 6: relay.session.expiring after 3 s, then the close at 6 s."""

    def expiry_warning_then_time_limit():
        page.open(relay.url)
        page.click("start")
        s = page.wait(lambda s: any("This session ends in" in n["text"] for n in s["notices"]), 10,
                      "the relay.session.expiring warning")
        check(s["received"].get("relay.session.expiring", 0) == 1, "one warning event")
        check(any(n["level"] == "warning" for n in s["notices"] if "This session ends in" in n["text"]), "shown as a warning")
        s = page.wait(lambda s: s["connection"] == "closed", 10, "the close at the time limit")
        check(s["closes"][-1]["code"] == 1000, f"a normal close: {s['closes']}")
        texts = " ".join(n["text"] for n in s["notices"])
        check("reached its time limit" in texts, f"the time limit is explained: {texts}")
        time.sleep(1.5)
        check(page.snap()["sessions"] == 1, "a time limit is not retried")

    yield "relay.session.expiring shown as a warning; the time-limit close explained, not retried", \
        expiry_warning_then_time_limit


# ---------------------------------------------------------------------------------------------- runner

def run(checks, results):
    """Runs the checks of one scenario in order; after a failure the rest of that scenario is skipped."""
    failed = False
    for name, body in checks:
        if failed:
            results.append((name, "skip", 0.0, ""))
            print(f"skip {name}", flush=True)
            continue
        started = time.time()
        try:
            body()
            results.append((name, "ok", time.time() - started, ""))
            print(f"ok   {name} ({time.time() - started:.1f} s)", flush=True)
        except Exception as error:  # noqa: BLE001 — every failure is reported the same way
            failed = True
            detail = str(error) if isinstance(error, CheckFailed) else traceback.format_exc()
            results.append((name, "FAIL", time.time() - started, detail))
            print(f"FAIL {name} ({time.time() - started:.1f} s)\n     {detail}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True, help="the relay serving the page, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--relay-binary", help="realtime-relay, for the refusal and reconnect scenario")
    parser.add_argument("--artifacts", default=os.path.join(ROOT, "reports", "browser"))
    parser.add_argument("--chromium")
    parser.add_argument("--chromedriver")
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="page-browser-")
    results = []
    driver = None
    relay = None
    started = time.time()
    try:
        wav = make_speech_wav(workdir)
        driver = start_browser(args, wav)
        page = Page(driver)
        run(scenario_conversation(page, args.base_url.rstrip("/") + "/", args.artifacts), results)
        if args.relay_binary:
            token = "browser-test-token-0123456789"
            tokens = os.path.join(workdir, "tokens")
            with open(tokens, "w") as f:
                f.write(token + "\n")
            relay = Relay(os.path.abspath(args.relay_binary), workdir, ["--access-tokens-file", tokens])
            relay.start()
            run(scenario_refusal_and_reconnect(page, relay, token, args.artifacts), results)
            relay.stop()
            relay = Relay(os.path.abspath(args.relay_binary), workdir,
                          ["--instructions", "Answer briefly. (operator's secret wording)"],
                          env={"OPENAI_API_VERSION": "2025-04-01-preview",
                               "AZURE_OPENAI_DEPLOYMENT_NAME": "gpt-4o-realtime-preview"})
            relay.start()
            run(scenario_preview_and_instructions(page, relay), results)
            relay.stop()
            relay = Relay(os.path.abspath(args.relay_binary), workdir, ["--max-session-seconds", "6"])
            relay.start()
            run(scenario_time_limit(page, relay), results)
    except Exception:  # noqa: BLE001
        results.append(("setup", "FAIL", 0.0, traceback.format_exc()))
        print(traceback.format_exc())
    finally:
        if driver is not None:
            if any(status == "FAIL" for _, status, _, _ in results):
                try:
                    driver.save_screenshot(os.path.join(args.artifacts, "failure.png"))
                    with open(os.path.join(args.artifacts, "console.log"), "w") as f:
                        for entry in driver.get_log("browser"):
                            f.write(json.dumps(entry) + "\n")
                except Exception:  # noqa: BLE001
                    pass
            driver.quit()
        if relay is not None:
            relay.stop()
            if any(status == "FAIL" for _, status, _, _ in results):
                shutil.copy(relay.log_path, os.path.join(args.artifacts, "own-relay.log"))
        shutil.rmtree(workdir, ignore_errors=True)
    failures = [r for r in results if r[1] == "FAIL"]
    passed = sum(1 for r in results if r[1] == "ok")
    print(f"\nbrowser tests: {passed} passed, {len(failures)} failed, "
          f"{sum(1 for r in results if r[1] == 'skip')} skipped in {time.time() - started:.0f} s; "
          f"screenshots in {args.artifacts}")
    return 1 if failures or not results else 0


if __name__ == "__main__":
    sys.exit(main())
