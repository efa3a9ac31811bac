#!/usr/bin/env python3
"""Runs a team of example agents (conclave_agent.py, one process per agent) on a project until it completes.

    python3 run_team.py --url http://localhost:8080 --admin-token "$(cat data/admin.token)"

It loads the project file (the compressed example by default) under --project-id (deleting an earlier one of
that id), issues a token per agent and one for an operator, starts a run of real agents, starts the agents,
and follows the run. With --mode incremental the operator resumes the run each time it stops for review.
When the run ends it prints the report and stops the agents; it exits 0 when the run COMPLETED with every
task completed. Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conclave_agent import Conclave  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROJECT = os.path.join(HERE, "..", "..", "projects", "healthcare_blockchain_compressed.json")


def token(admin, body):
    status, reply = admin.call("POST", "/api/tokens", body)
    if status != 201:
        raise SystemExit("could not issue a token %s: %s %s" % (body, status, reply))
    return reply["token"]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run a team of example agents on a project until it completes.")
    ap.add_argument("--url", default=os.environ.get("CONCLAVE_URL", "http://localhost:8080"))
    ap.add_argument("--admin-token", default=os.environ.get("CONCLAVE_ADMIN_TOKEN"),
                    help="an admin token (issues the agents' tokens); default: CONCLAVE_ADMIN_TOKEN")
    ap.add_argument("--project", default=DEFAULT_PROJECT, help="a project file")
    ap.add_argument("--project-id", default=None, help="the id to load it under (default: its id + '-team')")
    ap.add_argument("--mode", default="fully_automated", choices=["fully_automated", "incremental"])
    ap.add_argument("--work-seconds", type=float, default=0.2, help="how long each agent works on a task")
    ap.add_argument("--timeout", type=float, default=180, help="seconds before giving up")
    args = ap.parse_args(argv)
    if not args.admin_token:
        ap.error("an admin token is needed: --admin-token or CONCLAVE_ADMIN_TOKEN")

    with open(args.project, encoding="utf-8") as f:
        project = json.load(f)
    project_id = args.project_id or project["project_id"] + "-team"
    project["project_id"] = project_id
    admin = Conclave(args.url, args.admin_token)
    ceo = Conclave(args.url, token(admin, {"role": "operator", "name": "team-ceo"}))
    base = "/api/projects/" + project_id
    ceo.call("DELETE", base)
    status, reply = ceo.call("POST", "/api/projects", project)
    if status != 201:
        raise SystemExit("the project was not loaded: %s %s" % (status, reply))
    status, reply = ceo.call("POST", base + "/run", {"agents": "real", "mode": args.mode})
    if status != 202:
        raise SystemExit("the run did not start: %s %s" % (status, reply))
    run = base + "/runs/" + reply["run_id"]
    print("project %s: run %s of real agents (%s)" % (project_id, reply["run_id"], args.mode), flush=True)

    agents = []
    for a in project["agents"]:
        # a token for this project only, and the agent reads this project's inbox only: an agent id that other
        # projects know too gets nothing of theirs
        env = dict(os.environ, CONCLAVE_TOKEN=token(admin, {"role": "agent", "agent_id": a["agent_id"],
                                                            "projects": [project_id]}))
        agents.append(subprocess.Popen([sys.executable, os.path.join(HERE, "conclave_agent.py"), "--url", args.url,
                                        "--agent", a["agent_id"], "--project", project_id,
                                        "--work-seconds", str(args.work_seconds)],
                                       env=env))
    try:
        deadline = time.time() + args.timeout
        status_seen = None
        while time.time() < deadline:
            _, state = ceo.call("GET", run)
            if state["status"] != status_seen:
                status_seen = state["status"]
                print("run %s: %s%s" % (state["run_id"], status_seen,
                                        "" if not state.get("reason") else " (" + state["reason"] + ")"), flush=True)
            if state["status"] in ("PAUSED", "PAUSED_AT_CHECKPOINT"):
                ceo.call("POST", base + "/interrupts", {"action": "resume", "reason": "reviewed by the team's CEO"})
                status_seen = None
            elif state["status"] in ("COMPLETED", "FAILED"):
                break
            time.sleep(0.25)
        _, report = ceo.call("GET", base + "/report")
    finally:
        for p in agents:
            p.terminate()
        for p in agents:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    summary = report["task_summary"]
    print("report: status %s, %d of %d tasks completed, %d checkpoint(s)" % (
        report["status"], summary["completed_tasks"], summary["total_tasks"], report["statistics"]["checkpoints"]))
    for e in report["timeline"]:
        print("  %s  %-26s %-9s %s" % (e["at"], e["task_id"], e["event"], ", ".join(e["agents"])))
    done = report["status"] == "COMPLETED" and summary["completed_tasks"] == summary["total_tasks"]
    print("the project %s" % ("completed" if done else "did not complete"))
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
