#!/usr/bin/env python3
"""A Conclave agent in plain Python (standard library only).

It listens to its inbox (Server-Sent Events), does what each item asks through the URLs the item carries,
and acknowledges the item once handled. Delivery is at least once: after a reconnect (with Last-Event-ID) or
a restart an unacknowledged item may come again, so every answer tolerates "already done" (409).

    CONCLAVE_TOKEN=cv_... python3 conclave_agent.py --url http://localhost:8080 --agent pm

What it does, by kind of item:
  assignment, award, delegation   start the task, work --work-seconds, complete it with a small result
  call_for_proposals              bid complexity x 10 (decline with --decline-calls)
  meeting_invitation              join; the chair, once the discussion is open, proposes and calls the vote
  discussion_open                 the chair proposes adopting the meeting's goal and calls the vote
  voting_open                     vote yes on every open proposal
  turn_granted                    reply in the conversation
  anything else                   (a lost bid, a pause, a verdict...) noted and acknowledged
"""
import argparse
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request


class Conclave:
    """The service's REST API with the agent's token."""

    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method, path, body=None):
        """Returns (status, parsed JSON or None). 4xx answers are returned, not raised: they are the rules' words."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode("utf-8")
                return r.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8")
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {"message": text}

    def events(self, path, last_event_id):
        """Yields (id, name, data) of a Server-Sent Events stream until it ends."""
        req = urllib.request.Request(self.url + path)
        req.add_header("Authorization", "Bearer " + self.token)
        req.add_header("Accept", "text/event-stream")
        if last_event_id:
            req.add_header("Last-Event-ID", str(last_event_id))
        with urllib.request.urlopen(req, timeout=60) as stream:
            event_id, name, data = None, None, []
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if data:
                        yield event_id, name, "\n".join(data)
                    event_id, name, data = None, None, []
                elif line.startswith(":"):
                    continue  # a heartbeat
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "id":
                        event_id = value
                    elif field == "event":
                        name = value
                    elif field == "data":
                        data.append(value)


class Agent:
    def __init__(self, conclave, agent_id, work_seconds=0.0, decline_calls=False, log=print, project_id=None):
        self.c = conclave
        self.agent_id = agent_id
        self.project_id = project_id
        self.work_seconds = work_seconds
        self.decline_calls = decline_calls
        self.log = log
        self.last_event_id = None
        self.handled = 0

    def say(self, text):
        self.log("[%s] %s" % (self.agent_id, text), flush=True)

    def answer(self, item, action, fill=None):
        """Sends the answer named `action` of the item, its placeholders filled from `fill`."""
        for a in item.get("answers", []):
            if a["action"] == action:
                body = dict(a.get("body") or {})
                for k, v in (fill or {}).items():
                    body[k] = v
                for k in [k for k, v in body.items() if isinstance(v, str) and v.startswith("<")]:
                    del body[k]  # an optional placeholder left unfilled
                status, reply = self.c.call(a["method"], a["path"], body)
                if status >= 400:
                    self.say("%s %s: %s %s" % (action, item.get("task_id") or item.get("meeting_id")
                                               or item.get("conversation_id"), status,
                                               (reply or {}).get("error")))
                return status, reply
        return None, None

    def handle(self, item):
        kind = item["kind"]
        payload = item.get("payload") or {}
        if kind in ("assignment", "award", "delegation"):
            self.say("%s: %s" % (kind, item["summary"]))
            status, _ = self.answer(item, "start")
            if status is None or status < 400 or status == 409:
                time.sleep(self.work_seconds)
                self.answer(item, "complete", {"result": {"by": self.agent_id, "task": item["task_id"],
                                                          "note": "done by the Python example agent"}})
        elif kind == "call_for_proposals":
            if self.decline_calls:
                self.answer(item, "decline")
            else:
                self.answer(item, "bid", {"cost": float(payload.get("complexity") or 1) * 10})
        elif kind == "meeting_invitation":
            status, reply = self.answer(item, "join")
            if payload.get("you_chair") and status == 200 and reply["manifest"]["state"] == "discussion":
                self.chair(item["meeting_id"], payload)
        elif kind == "discussion_open":
            if payload.get("you_chair"):
                self.chair(item["meeting_id"], payload)
        elif kind == "voting_open":
            for p in payload.get("proposals", []):
                for a in item["answers"]:
                    if a["action"] == "vote" and a["body"]["proposal_id"] == p["proposal_id"]:
                        self.c.call(a["method"], a["path"], {"agent_id": self.agent_id,
                                                             "proposal_id": p["proposal_id"], "vote": "yes"})
        elif kind == "turn_granted":
            asked = (payload.get("message") or {}).get("content", "")
            self.answer(item, "reply", {"content": "%s here: noted \"%s\"" % (self.agent_id, asked[:80])})
        else:
            self.say("%s: %s" % (kind, item.get("summary")))
        status, _ = self.c.call("POST", item["ack"])
        if status == 200:
            self.handled += 1

    def chair(self, meeting_id, payload):
        """As the chair: put the meeting's goal to the vote, as a decision (it asks for no new work, so it spawns
        no task: an accepted proposal without "kind: decision" would become one)."""
        base = "/api/meetings/" + meeting_id
        goal = payload.get("goal") or payload.get("topic") or "the plan"
        self.c.call("POST", base + "/messages", {"agent_id": self.agent_id, "message_type": "proposal",
                                                 "proposal_id": "adopt", "title": "Adopt: " + goal[:150],
                                                 "details": "kind: decision"})
        status, reply = self.c.call("PUT", base + "/state", {"agent_id": self.agent_id, "new_state": "voting"})
        self.say("chair of %s: vote called (%s)" % (meeting_id, status))

    def run(self, stop_after=None):
        """Listens until stopped, reconnecting after the last event received."""
        path = "/api/agents/%s/inbox" % self.agent_id
        if self.project_id:
            path += "?project_id=" + self.project_id  # only this project's items (its tasks, meetings, conversations)
        started = time.time()
        while stop_after is None or time.time() - started < stop_after:
            try:
                for event_id, name, data in self.c.events(path, self.last_event_id):
                    self.handle(json.loads(data))
                    self.last_event_id = event_id
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                self.say("stream interrupted (%s): reconnecting after %s" % (e, self.last_event_id))
                time.sleep(1)


def main(argv=None):
    ap = argparse.ArgumentParser(description="A Conclave agent that works its inbox.")
    ap.add_argument("--url", default=os.environ.get("CONCLAVE_URL", "http://localhost:8080"))
    ap.add_argument("--agent", required=True, help="the agent id (its token must be this agent's)")
    ap.add_argument("--token", default=os.environ.get("CONCLAVE_TOKEN"),
                    help="the agent's token (default: the CONCLAVE_TOKEN environment variable)")
    ap.add_argument("--project", default=None,
                    help="work for this project only (default: every project the agent's token is for)")
    ap.add_argument("--work-seconds", type=float, default=0.0, help="how long each task takes")
    ap.add_argument("--decline-calls", action="store_true", help="decline every call for proposals")
    args = ap.parse_args(argv)
    if not args.token:
        ap.error("a token is needed: --token or CONCLAVE_TOKEN")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    agent = Agent(Conclave(args.url, args.token), args.agent, args.work_seconds, args.decline_calls,
                  project_id=args.project)
    agent.say("listening to %s/api/agents/%s/inbox%s" % (args.url, args.agent,
                                                          "?project_id=" + args.project if args.project else ""))
    agent.run()


if __name__ == "__main__":
    main()
