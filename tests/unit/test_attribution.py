"""Who a passage says speaks, in French and in English (issue 17): offered as a claim's attribution."""

from __future__ import annotations

import pytest

from niger_archive.core.attribution import find_attribution


@pytest.mark.parametrize("text, who", [
    # French, in several outlets' styles
    ("« Nous avons convenu d'un calendrier », a déclaré Kurt Campbell, secrétaire d'État adjoint.", "Kurt Campbell"),
    ("Selon le Pentagone, environ 1 000 soldats américains étaient déployés au Niger.", "Pentagone"),
    ("D'après l'agence de presse officielle, le retrait sera achevé d'ici au 15 septembre.",
     "agence de presse officielle"),
    ("Près d'un millier de militaires doivent quitter le pays, a indiqué le ministère de la Défense.",
     "ministère de la Défense"),
    ("Le porte-parole du gouvernement a affirmé que l'accord était caduc.", "porte-parole du gouvernement"),
    ("Le colonel Amadou Abdramane a annoncé mardi la fin de l'accord.", "colonel Amadou Abdramane"),
    # English
    ("there are currently less than 1,000 US troops in the country, according to the officials.", "officials"),
    ("The withdrawal will be completed by September 15, a senior US defense official said.",
     "senior US defense official"),
    ("“We agreed on a timeline,” said Kurt Campbell.", "Kurt Campbell"),
    # nobody named
    ("Environ 1 000 soldats américains étaient déployés au Niger.", None),
    ("It said the troops would leave.", None),
])
def test_the_speaker_is_read_from_the_passage(text, who):
    assert find_attribution(text) == who
