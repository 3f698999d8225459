"""The toolkit's domain: the Early Help System Guide and its rules, free of any web framework.

- :mod:`app.domain.framework`: an edition of the guide as frozen objects (the model);
- :mod:`app.domain.editions`: reading and checking an edition from ``descriptors/*.yaml``,
  with :mod:`app.domain.edition_checks` for the cross-references its schema cannot express;
- :mod:`app.domain.earned_autonomy`: the Earned Autonomy Stage 1 thresholds, and which
  prospectus year applies to an assessment year;
- :mod:`app.domain.priorities`: the priority-descriptor rule and suggestions;
- :mod:`app.domain.consensus`: from many stakeholders' scores to a partnership score;
- :mod:`app.domain.returns`: a partnership's return as plain data.

Import from the module that defines a name; this package re-exports nothing, so importing
one module does not load the others. Nothing here imports Flask, SQLAlchemy or WTForms.
"""
