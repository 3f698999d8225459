"""permissions to share stored by key: the answers move from three columns of assessment to
assessment_permission, one row per assessment and permission answered (issue 14)

Revision ID: 0012_permissions
Revises: 0011_prompts
Create Date: 2026-12-02 18:30:20.998635

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_permissions'
down_revision = '0011_prompts'
branch_labels = None
depends_on = None

#: The columns of earlier versions, and the permission key each held the answer to.
COLUMNS = (('permission_dfe', 'dfe'), ('permission_coordinators', 'coordinators'),
           ('permission_other_departments', 'other_departments'))


def upgrade():
    op.create_table('assessment_permission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=50), nullable=False),
    sa.Column('answer', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_permission_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_permission')),
    sa.UniqueConstraint('assessment_id', 'key', name='uq_assessment_permission_key')
    )
    with op.batch_alter_table('assessment_permission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_permission_assessment_id'), ['assessment_id'], unique=False)

    # Every answer given (yes or no) becomes a row; an unanswered one (NULL) is no row.
    for column, key in COLUMNS:
        op.execute(sa.text(
            f"INSERT INTO assessment_permission (assessment_id, key, answer) "
            f"SELECT id, :key, {column} FROM assessment WHERE {column} IS NOT NULL").bindparams(key=key))

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('permission_dfe')
        batch_op.drop_column('permission_coordinators')
        batch_op.drop_column('permission_other_departments')


def downgrade():
    # The three keys go back into their columns; answers to any other key an edition declared
    # have no column in earlier versions and are dropped with the table.
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('permission_other_departments', sa.BOOLEAN(), nullable=True))
        batch_op.add_column(sa.Column('permission_coordinators', sa.BOOLEAN(), nullable=True))
        batch_op.add_column(sa.Column('permission_dfe', sa.BOOLEAN(), nullable=True))

    for column, key in COLUMNS:
        op.execute(sa.text(
            f"UPDATE assessment SET {column} = (SELECT p.answer FROM assessment_permission p "
            f"WHERE p.assessment_id = assessment.id AND p.key = :key)").bindparams(key=key))

    with op.batch_alter_table('assessment_permission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_permission_assessment_id'))

    op.drop_table('assessment_permission')
