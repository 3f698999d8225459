"""action plans: actions, progress notes, mid-year re-scores

Revision ID: 0007_plans
Revises: 0006_password_resets
Create Date: 2026-12-02 13:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_plans'
down_revision = '0006_password_resets'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('descriptor_id', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('done_looks_like', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('owner_organisation', sa.String(length=200), nullable=False),
    sa.Column('owner_contact', sa.String(length=200), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'DONE', 'DROPPED', name='status', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_plan_action_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_plan_action_owner_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action'))
    )
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_action_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_action_owner_id'), ['owner_id'], unique=False)

    op.create_table('mid_year_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('descriptor_id', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_mid_year_score_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_mid_year_score_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mid_year_score')),
    sa.UniqueConstraint('assessment_id', 'descriptor_id', name='uq_mid_year_score_assessment_descriptor')
    )
    with op.batch_alter_table('mid_year_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mid_year_score_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('plan_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('mid_year', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['plan_action.id'], name=op.f('fk_plan_note_action_id_plan_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_plan_note_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_note'))
    )
    with op.batch_alter_table('plan_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_note_action_id'), ['action_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_note_action_id'))
    op.drop_table('plan_note')
    with op.batch_alter_table('mid_year_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mid_year_score_assessment_id'))
    op.drop_table('mid_year_score')
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_action_owner_id'))
        batch_op.drop_index(batch_op.f('ix_plan_action_assessment_id'))
    op.drop_table('plan_action')
