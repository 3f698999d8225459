"""evidence kept once per descriptor (its identity, unique on the descriptor); a draft belongs
to the person who was signed in; an imported signed-off return is imported, with the file's
sign-off kept as the file gave it

Revision ID: 0005_assessment_holes
Revises: 0004_signin
Create Date: 2026-12-02 06:20:00

"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_assessment_holes'
down_revision = '0004_signin'
branch_labels = None
depends_on = None


def _identity(description, kind_name, agency, dated, link):
    """The evidence's identity as app.domain.returns.evidence_identity makes it (copied here so
    that this revision keeps working whatever the code becomes). ``kind_name`` is the stored
    enum name, whose value is its lower case."""
    if dated is not None and not isinstance(dated, str):
        dated = dated.isoformat()
    parts = [description, kind_name.lower(), agency or "", dated or None, link or ""]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _fill_evidence_identities():
    """Give every piece of evidence its identity; of any listed twice on one descriptor (the race
    this revision closes), keep the first."""
    bind = op.get_bind()
    evidence = sa.table('evidence_item', sa.column('id', sa.Integer), sa.column('response_id', sa.Integer),
                        sa.column('description', sa.Text), sa.column('kind', sa.String),
                        sa.column('agency', sa.String), sa.column('dated', sa.Date), sa.column('link', sa.String),
                        sa.column('identity', sa.String))
    seen = set()
    rows = bind.execute(sa.select(evidence.c.id, evidence.c.response_id, evidence.c.description, evidence.c.kind,
                                  evidence.c.agency, evidence.c.dated, evidence.c.link)
                        .order_by(evidence.c.id)).all()
    for row in rows:
        identity = _identity(row.description, row.kind, row.agency, row.dated, row.link)
        if (row.response_id, identity) in seen:
            bind.execute(evidence.delete().where(evidence.c.id == row.id))
            continue
        seen.add((row.response_id, identity))
        bind.execute(evidence.update().where(evidence.c.id == row.id).values(identity=identity))


def upgrade():
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity', sa.String(length=64), nullable=True))
    _fill_evidence_identities()
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.alter_column('identity', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_evidence_item_response_identity'), ['response_id', 'identity'])
    _drafts_belong_to_people()
    _imports_are_not_sign_offs()


def _drafts_belong_to_people():
    # Drafts kept so far name no person, so none can be handed back safely: they are dropped
    # (they last two days at most, and are text not yet saved by its nature).
    op.execute(sa.table('draft').delete())
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=False))
        batch_op.create_index(batch_op.f('ix_draft_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_draft_user_id_user_account'), 'user_account', ['user_id'], ['id'],
                                    ondelete='CASCADE')


def _imports_are_not_sign_offs():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('imported_signed_off_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('imported_signed_off_at', sa.DateTime(), nullable=True))
    # Returns imported before now came in signed off by nobody (shown as "a former member"): they
    # become imported, keeping the date the file gave (its signer's name was not kept then).
    assessment = sa.table('assessment', sa.column('status', sa.String), sa.column('imported_from', sa.String),
                          sa.column('signed_off_by_id', sa.Integer), sa.column('signed_off_at', sa.DateTime),
                          sa.column('imported_signed_off_at', sa.DateTime))
    op.execute(
        assessment.update()
        .where(assessment.c.status == 'SIGNED_OFF', assessment.c.imported_from.is_not(None),
               assessment.c.signed_off_by_id.is_(None))
        .values(status='IMPORTED', imported_signed_off_at=assessment.c.signed_off_at, signed_off_at=None)
    )


def _imports_back_to_sign_offs():
    assessment = sa.table('assessment', sa.column('status', sa.String), sa.column('signed_off_at', sa.DateTime),
                          sa.column('imported_signed_off_at', sa.DateTime))
    op.execute(
        assessment.update()
        .where(assessment.c.status == 'IMPORTED')
        .values(status='SIGNED_OFF', signed_off_at=assessment.c.imported_signed_off_at)
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('imported_signed_off_at')
        batch_op.drop_column('imported_signed_off_by')


def downgrade():
    _imports_back_to_sign_offs()
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_user_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_draft_user_id'))
        batch_op.drop_column('user_id')
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_evidence_item_response_identity'), type_='unique')
        batch_op.drop_column('identity')
