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
    """``touches`` plus ``session_id``; owner is the person, else ``account:<id>``.

    The windows are partitioned by ``person_id`` and by the account of rows without a
    person, the same groups as the owner (person ids are ``p_<hex>``, never
    ``account:...``) but taken from columns the window carries anyway: the owner text is
    built once per row at the end instead of being sorted along, and the previous touch's
    ``ts`` is compared instead of carrying a seconds column through both sorts.

    The windows order by ``ts`` alone. Touches at the same instant are 0 s apart, so only
    the first of them (in whatever order the engine puts them) can start a session, and
    the running count spans every touch at that instant (a range frame): all of them get
    the same number, whichever one the engine put first. A tie-breaker would change no
    ``session_id`` and costs a quarter of the sort (a string key).
    """
    gap = gap_minutes * 60.0
    t = touches
    no_person_account = ibis.ifelse(t.person_id.isnull(), t.account_id, ibis.null("string"))
    t = t.mutate(_jm_acc=no_person_account)
    win = ibis.window(group_by=[t.person_id, t._jm_acc], order_by=t.ts)
    apart = epoch_seconds(t.ts) - epoch_seconds(t.ts.lag().over(win))
    starts = t.mutate(_jm_new=(apart > gap).fill_null(True).cast("int64"))
    cum = ibis.window(group_by=[starts.person_id, starts._jm_acc], order_by=starts.ts,
                      range=(None, 0))
    numbered = starts.mutate(_jm_n=starts._jm_new.sum().over(cum))
    owner = ibis.coalesce(numbered.person_id, "account:" + numbered.account_id)
    session_id = ibis.ifelse(owner.isnull(), ibis.null("string"),
                             owner + ":" + numbered._jm_n.cast("string"))
    return numbered.mutate(session_id=session_id).drop("_jm_acc", "_jm_new", "_jm_n")
