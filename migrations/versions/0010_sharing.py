"""sharing: audiences, live consent, figures of each version sent, contact for peers

Revision ID: 0010_sharing
Revises: 0009_submissions
Create Date: 2026-12-02 17:40:25.246068

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_sharing'
down_revision = '0009_submissions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sharing_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('permission', sa.String(length=50), nullable=False),
    sa.Column('given', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_by_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_sharing_consent_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_sharing_consent_changed_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sharing_consent')),
    sa.UniqueConstraint('assessment_id', 'permission', name='uq_sharing_consent_permission')
    )
    with op.batch_alter_table('sharing_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sharing_consent_assessment_id'), ['assessment_id'], unique=False)

    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_for_peers', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audience', sa.Enum('DEPARTMENT', 'OTHER_DEPARTMENT', name='audience', native_enum=False, length=20), nullable=True))



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('audience')

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('figures')

    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_column('contact_for_peers')

    with op.batch_alter_table('sharing_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sharing_consent_assessment_id'))

    op.drop_table('sharing_consent')
