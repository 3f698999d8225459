"""peer review: a reviewer from another partnership, and their challenges

Revision ID: 0008_peer_review
Revises: 0007_plans
Create Date: 2026-12-02 12:24:20.937192

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_peer_review'
down_revision = '0007_plans'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('peer_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_peer_review_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_peer_review_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_peer_review_reviewer_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_peer_review_revoked_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_review'))
    )
    with op.batch_alter_table('peer_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_review_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_review_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('peer_challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('descriptor_id', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['peer_review.id'], name=op.f('fk_peer_challenge_review_id_peer_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_challenge')),
    sa.UniqueConstraint('review_id', 'descriptor_id', name='uq_peer_challenge_review_descriptor')
    )
    with op.batch_alter_table('peer_challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_challenge_review_id'), ['review_id'], unique=False)



def downgrade():
    with op.batch_alter_table('peer_challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_challenge_review_id'))

    op.drop_table('peer_challenge')
    with op.batch_alter_table('peer_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_review_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_peer_review_assessment_id'))

    op.drop_table('peer_review')
