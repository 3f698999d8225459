"""known devices (sign-in throttle apart for a browser signed in from before); the team's history

Revision ID: 0004_signin
Revises: 0003_workshops
Create Date: 2026-12-02 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_signin'
down_revision = '0003_workshops'
branch_labels = None
depends_on = None

ROLE = sa.Enum('COORDINATOR', 'FACILITATOR', 'STRATEGIC_LEAD', 'VIEWER', name='role', native_enum=False, length=20)


def upgrade():
    op.create_table('known_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_known_device_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_device')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_known_device_token_hash'))
    )
    with op.batch_alter_table('known_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_device_user_id'), ['user_id'], unique=False)

    op.create_table('team_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.Enum('INVITED', 'INVITATION_REPLACED', 'INVITATION_ACCEPTED', 'ROLE_CHANGED', 'MEMBER_REMOVED', 'PASSWORD_RESET', name='teameventkind', native_enum=False, length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('subject_email', sa.String(length=320), nullable=False),
    sa.Column('from_role', ROLE, nullable=True),
    sa.Column('to_role', ROLE, nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_team_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_team_event_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_event'))
    )
    with op.batch_alter_table('team_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_event_partnership_id'), ['partnership_id'], unique=False)


def downgrade():
    with op.batch_alter_table('team_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_event_partnership_id'))

    op.drop_table('team_event')
    with op.batch_alter_table('known_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_device_user_id'))

    op.drop_table('known_device')
