"""Slack actions: the 👍/👎 buttons under an answer, and the paper picked from the "did you mean"
menu of an unsure /paper-cite."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.render.features import FRIENDLY_ERROR, PAPER_GONE, feedback_text
from bot.render.slack import slack_picked_cite
from bot.slack.shared import Ack, Respond, SlackBot

log = logging.getLogger(__name__)

_FEEDBACK_ACTION = re.compile(r"^fb:(up|down):(\w+)$")


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.action(_FEEDBACK_ACTION)
    async def on_feedback(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        await ack()
        match = _FEEDBACK_ACTION.match(action["action_id"])
        assert match is not None  # the listener only runs for matching action ids
        up, answer_id, user = match[1] == "up", match[2], body["user"]["id"]
        try:
            text = feedback_text(await bot.room.feedback(answer_id, user, up))
        except Exception:
            log.exception("slack: could not record feedback on answer %s from user %s", answer_id, user)
            text = FRIENDLY_ERROR
        await respond(text=text, response_type="ephemeral", replace_original=False)

    @app.action("cite_pick")
    async def cite_pick(ack: Ack, action: dict[str, Any], respond: Respond) -> None:
        await ack()
        paper_id = action.get("selected_option", {}).get("value", "")
        paper = await bot.room.chat.paper_by_id(paper_id)
        if paper is None:
            await respond(text=PAPER_GONE, response_type="ephemeral")
            return
        await respond(replace_original=True, **slack_picked_cite(paper))
