"""Identity step: unify anonymous_id, user_id and email into persons.

Two identifiers seen on one event belong to one person (edges); persons are the connected
components (see :mod:`journeymap.pipeline.components`). ``account_id`` never merges people:
colleagues share it. The engine aggregates events to distinct identifiers and pairs; only
integer codes travel to Python. ``person_id`` is ``'p_'`` plus the first 12 hex digits of the
MD5 of the component's smallest ``type:identifier``, so it is stable across rebuilds while
the component keeps that identifier.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
from ibis import _

from journeymap.config import IdentitySettings
from journeymap.engine import Engine
from journeymap.engine.portable import first_by
from journeymap.pipeline.components import identity_components
from journeymap.pipeline.scalars import scalar
from journeymap.schema import Tables

#: Person identifier columns, strongest first (an event's person is found by the first).
ID_TYPES = ("email", "user_id", "anonymous_id")
#: Identifier pairs that link on one event; user_id-email is the strong pair.
PAIRS = (("user_id", "email"), ("anonymous_id", "user_id"), ("anonymous_id", "email"))
NODES = "_jm_build_nodes"
LABELS = "_jm_build_labels"
EDGES = "_jm_build_edges"


def _present(col: ir.StringValue) -> ir.BooleanValue:
    return col.notnull() & (col != "")


def identifier_nodes(events: ir.Table) -> ir.Table:
    """Distinct identifiers with event counts and first/last seen, coded 0..n-1."""
    parts = [
        events.filter(_present(events[typ]))
        .group_by(identifier=events[typ])
        .aggregate(events=_.count(), first_seen=_.ts.min(), last_seen=_.ts.max())
        .mutate(identifier_type=ibis.literal(typ))
        for typ in ID_TYPES
    ]
    nodes = ibis.union(*parts)
    return nodes.mutate(code=ibis.row_number().over(order_by=[nodes.identifier_type,
                                                                 nodes.identifier]))


def identifier_edges(events: ir.Table) -> ir.Table:
    """Distinct pairs of identifiers seen together on an event, with evidence."""
    parts = [
        events.filter(_present(events[a]) & _present(events[b]))
        .group_by(left=events[a], right=events[b])
        .aggregate(
            events=_.count(), first_event_id=first_by(_.event_id, _.ts, _.event_id),
            first_seen=_.ts.min(), last_seen=_.ts.max(),
        )
        .mutate(left_type=ibis.literal(a), right_type=ibis.literal(b))
        for a, b in PAIRS
    ]
    return ibis.union(*parts)


def _coded_edges(edges: ir.Table, nodes: ir.Table) -> ir.Table:
    lnode = nodes.select(lt=nodes.identifier_type, li=nodes.identifier, lcode=nodes.code)
    rnode = nodes.select(rt=nodes.identifier_type, ri=nodes.identifier, rcode=nodes.code)
    joined = edges.join(lnode, [edges.left_type == lnode.lt, edges.left == lnode.li]).join(
        rnode, [edges.right_type == rnode.rt, edges.right == rnode.ri])
    return joined.select("lcode", "rcode", strong=joined.left_type != "anonymous_id")


def unify(engine: Engine, events: ir.Table, settings: IdentitySettings) -> ir.Table:
    """Write ``identities`` and ``identity_links``; return ``identities``."""
    engine.replace_scratch(NODES, identifier_nodes(events))
    nodes = engine.table(NODES)
    # Read twice (coded for the graph, then with evidence as identity_links): kept once.
    engine.replace_scratch(EDGES, identifier_edges(events))
    edges = engine.table(EDGES)
    coded = engine.to_arrow(_coded_edges(edges, nodes))
    n = int(scalar(engine, nodes.count()))
    strong = coded.column("strong").to_numpy(zero_copy_only=False)
    lcode = coded.column("lcode").to_numpy(zero_copy_only=False)
    rcode = coded.column("rcode").to_numpy(zero_copy_only=False)
    comp = identity_components(
        n, lcode[strong], rcode[strong], lcode[~strong], rcode[~strong],
        settings.max_people_per_anonymous_id,
    )
    engine.replace_scratch(LABELS, pa.table({
        "code": np.arange(n, dtype=np.int64),
        "component": comp.label.astype(np.int64),
        "used_for_merge": comp.used_for_merge,
        "linked_people": comp.linked_people.astype(np.int64),
    }))
    labelled = nodes.join(engine.table(LABELS), "code")
    key = labelled.identifier_type + ":" + labelled.identifier
    pid = labelled.group_by("component").aggregate(smallest=key.min())
    pid = pid.select("component", person_id="p_" + pid.smallest.hexdigest("md5").substr(0, 12))
    withpid = labelled.join(pid, "component")
    is_anon = withpid.identifier_type == "anonymous_id"
    identities = withpid.select(
        "identifier_type", "identifier", "person_id", "events", "first_seen", "last_seen",
        "used_for_merge",
        linked_people=ibis.ifelse(is_anon, withpid.linked_people, ibis.null("int64")),
    )
    engine.replace(Tables.identities, identities)
    identities = engine.table(Tables.identities)
    guarded = identities.filter(~identities.used_for_merge).select(
        gt=identities.identifier_type, gi=identities.identifier, g=ibis.literal(True))
    links = edges.left_join(guarded, [edges.left_type == guarded.gt, edges.left == guarded.gi])
    engine.replace(Tables.identity_links, links.select(
        "left_type", "left", "right_type", "right", "events", "first_event_id",
        "first_seen", "last_seen", used_for_merge=links.g.isnull(),
    ))
    for name in (NODES, LABELS, EDGES):
        engine.drop(name)
    return identities


def assign_person(events: ir.Table, identities: ir.Table) -> ir.Table:
    """Events plus ``person_id``, found by the strongest identifier the event carries.

    Email and user_id of one event are always in one component; a guarded anonymous id is
    its own person, so events carrying only it stay apart from the people it touched.
    """
    key_type = ibis.cases(
        *[(_present(events[t]), ibis.literal(t)) for t in ID_TYPES], else_=ibis.null("string"))
    key = ibis.coalesce(*[ibis.ifelse(_present(events[t]), events[t], ibis.null("string"))
                          for t in ID_TYPES])
    keyed = events.mutate(_jm_kt=key_type, _jm_k=key)
    ids = identities.select(_jm_it=identities.identifier_type, _jm_i=identities.identifier,
                            person_id=identities.person_id)
    joined = keyed.left_join(ids, [keyed._jm_kt == ids._jm_it, keyed._jm_k == ids._jm_i])
    return joined.select(*events.columns, "person_id")
