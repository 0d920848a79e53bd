"""Maps and their saved versions.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("map_type", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("head", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review_cadence_months", sa.Integer, nullable=False),
        sa.Column("last_reviewed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "map_versions",
        sa.Column("map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.execute("UPDATE journeymap_meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    op.drop_table("map_versions")
    op.drop_table("maps")
    op.execute("UPDATE journeymap_meta SET value = '1' WHERE key = 'schema_version'")
