"""Version messages as data: a code and its arguments beside the English text.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("map_versions", sa.Column("message_code", sa.String(60), nullable=True))
    op.add_column("map_versions", sa.Column("message_args", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("map_versions") as batch:
        batch.drop_column("message_args")
        batch.drop_column("message_code")
