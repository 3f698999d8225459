"""prompts: the answers to an edition's narrative prompts in one JSON column per descriptor response

The 2022 edition's two columns, working_well and prioritising_next, become the keys of the same
names in descriptor_response.narratives ({prompt key: text}; an empty answer is left out). The
downgrade moves those two keys back; answers to other prompts (another edition's) have no column
to go back to and are lost by a downgrade.

Revision ID: 0011_prompts
Revises: 0010_sharing
Create Date: 2026-12-02 18:40:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_prompts'
down_revision = '0010_sharing'
branch_labels = None
depends_on = None

_OLD = ('working_well', 'prioritising_next')


def _responses(*columns):
    return sa.table('descriptor_response', sa.column('id', sa.Integer()),
                    *(sa.column(name, sa.Text()) for name in columns))


def upgrade():
    with op.batch_alter_table('descriptor_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('narratives', sa.Text(), server_default='{}', nullable=False))

    bind = op.get_bind()
    table = _responses('narratives', *_OLD)
    for row in bind.execute(sa.select(table.c.id, *(table.c[name] for name in _OLD))).mappings():
        answers = {name: row[name] for name in _OLD if row[name]}
        if answers:
            bind.execute(table.update().where(table.c.id == row['id'])
                         .values(narratives=json.dumps(answers, ensure_ascii=False, sort_keys=True)))

    with op.batch_alter_table('descriptor_response', schema=None) as batch_op:
        batch_op.drop_column('prioritising_next')
        batch_op.drop_column('working_well')


def downgrade():
    with op.batch_alter_table('descriptor_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_well', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('prioritising_next', sa.Text(), server_default='', nullable=False))

    bind = op.get_bind()
    table = _responses('narratives', *_OLD)
    for row in bind.execute(sa.select(table.c.id, table.c.narratives)).mappings():
        answers = json.loads(row['narratives'] or '{}')
        values = {name: answers.get(name, '') for name in _OLD}
        if any(values.values()):
            bind.execute(table.update().where(table.c.id == row['id']).values(**values))

    with op.batch_alter_table('descriptor_response', schema=None) as batch_op:
        batch_op.drop_column('narratives')
