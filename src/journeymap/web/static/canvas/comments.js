// A cell's comments: the dialog lists them (anyone may read) and, for editors, adds one and
// stays open so the new comment shows in the list.

import { send } from "./api.js";
import { openDialog } from "./dialogs.js";
import { $, el } from "./dom.js";
import { cellName, cellOf, t } from "./state.js";

function commentList(stage, lane) {
  const comments = cellOf(stage.id, lane.id).comments;
  $("#comments-list").replaceChildren(...(comments.length ? comments.map((c) => el("li", {},
    el("p", { class: "comment-meta" }, el("strong", {}, c.author), " · ", c.at),
    el("p", { class: "comment-text" }, c.text))) : [el("li", { class: "muted" }, t("no_comments"))]));
}

export function openComments(stage, lane) {
  const dialog = $("#comments-dialog");
  $("#comments-title").textContent = t("comments_title", { where: cellName(stage, lane) });
  commentList(stage, lane);
  const text = $("[name=text]", dialog);
  if (text) text.value = "";
  openDialog(dialog, async () => {
    if (!text || !text.value.trim()) return true;
    const ok = await send("POST", "/comments", { stage: stage.id, lane: lane.id, text: text.value.trim() });
    if (ok) { text.value = ""; commentList(stage, lane); text.focus(); }
    return false; // stay open: the new comment shows in the list
  });
}
