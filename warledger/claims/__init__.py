"""claims: who says what, with the casualty figure it carries.

* ``find``: the stage, ``find_claims`` (attributions -> speakers resolved -> claims with
  their casualty figures);
* ``patterns``: the cascade of attribution patterns, numbered (``find_attributions``);
  the patterns themselves: ``verbs`` (cue verbs), ``labels`` ("according to", colon
  labels, dash signatures), ``phrases`` (cues that are no verb of saying on the parse);
* ``lexicon``: the word tables, first the cue verbs, one row each (``CUE_TABLE``);
* ``attribution``: the ``Attribution`` record; ``spans``: character ranges;
  ``speakers``: speaker types, anonymity, noun phrases, quotations;
* ``cues``: the learned cue model, beside the patterns;
* ``quantities`` and ``casualties``: counts with qualifiers, casualty figures.
"""
