"""Sessions step: a person's touches separated by more than the session gap start anew.

Sessions count visits, not clicks, as in web analytics: with the default 30-minute gap
(``[journeys] session_gap_minutes``), a touch exactly 30 minutes after the previous one is
still in the same session; 30 minutes and one second later starts the next. Touches
without a person (account-level CRM events) are sessionised per account.
``session_id`` is ``<owner>:<n>`` with n counting from 1 in time order.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.engine.portable import epoch_seconds


def sessionise(touches: ir.Table, gap_minutes: float) -> ir.Table:
    """``touches`` plus ``session_id``; owner is the person, else ``account:<id>``."""
    gap = gap_minutes * 60.0
    owner = ibis.coalesce(touches.person_id, "account:" + touches.account_id)
    t = touches.mutate(_jm_owner=owner, _jm_secs=epoch_seconds(touches.ts))
    win = ibis.window(group_by=t._jm_owner, order_by=[t.ts, t.event_id])
    starts = t.mutate(_jm_new=((t._jm_secs - t._jm_secs.lag().over(win)) > gap)
                      .fill_null(True).cast("int64"))
    cum = ibis.window(group_by=starts._jm_owner, order_by=[starts.ts, starts.event_id],
                      rows=(None, 0))
    numbered = starts.mutate(_jm_n=starts._jm_new.sum().over(cum))
    session_id = ibis.ifelse(numbered._jm_owner.isnull(), ibis.null("string"),
                             numbered._jm_owner + ":" + numbered._jm_n.cast("string"))
    return numbered.mutate(session_id=session_id).drop("_jm_owner", "_jm_secs", "_jm_new",
                                                       "_jm_n")
