"""Which language detector is more reliable on short texts: langdetect (IFEval's choice) or py3langid?

Runs both on the same hand-labelled short texts (3 to 20 words, 12 languages) and prints accuracy by
length band and the time per call, then the ratio. langdetect is seeded (``DetectorFactory.seed = 0``):
unseeded it samples n-grams at random and can answer differently on the same text.

    .venv/bin/python benchmarks/format_langid.py
"""

from __future__ import annotations

import time

SAMPLES: dict[str, list[str]] = {
    "en": ["The cat sleeps.", "Where is the train station?", "I would like a cup of tea please.",
           "We walked along the river until the sun went down.", "My brother works in a small bakery near the old market square."],
    "fr": ["Le chat dort.", "Où est la gare ?", "Je voudrais une tasse de thé s'il vous plaît.",
           "Nous avons marché le long de la rivière jusqu'au coucher du soleil.", "Mon frère travaille dans une petite boulangerie près de la vieille place du marché."],
    "de": ["Die Katze schläft.", "Wo ist der Bahnhof?", "Ich hätte gern eine Tasse Tee bitte.",
           "Wir sind am Fluss entlang gelaufen bis die Sonne unterging.", "Mein Bruder arbeitet in einer kleinen Bäckerei am alten Marktplatz."],
    "es": ["El gato duerme.", "¿Dónde está la estación de tren?", "Quisiera una taza de té por favor.",
           "Caminamos junto al río hasta que se puso el sol.", "Mi hermano trabaja en una pequeña panadería cerca de la vieja plaza del mercado."],
    "it": ["Il gatto dorme.", "Dov'è la stazione dei treni?", "Vorrei una tazza di tè per favore.",
           "Abbiamo camminato lungo il fiume fino al tramonto.", "Mio fratello lavora in un piccolo forno vicino alla vecchia piazza del mercato."],
    "pt": ["O gato dorme.", "Onde fica a estação de comboios?", "Eu queria uma chávena de chá por favor.",
           "Caminhámos ao longo do rio até o sol se pôr.", "O meu irmão trabalha numa pequena padaria perto da velha praça do mercado."],
    "nl": ["De kat slaapt.", "Waar is het treinstation?", "Ik wil graag een kopje thee alstublieft.",
           "We liepen langs de rivier tot de zon onderging.", "Mijn broer werkt in een kleine bakkerij bij het oude marktplein."],
    "sv": ["Katten sover.", "Var ligger tågstationen?", "Jag skulle vilja ha en kopp te tack.",
           "Vi gick längs floden tills solen gick ner.", "Min bror arbetar i ett litet bageri nära det gamla torget."],
    "pl": ["Kot śpi.", "Gdzie jest dworzec kolejowy?", "Poproszę filiżankę herbaty.",
           "Szliśmy wzdłuż rzeki aż do zachodu słońca.", "Mój brat pracuje w małej piekarni niedaleko starego rynku."],
    "ru": ["Кошка спит.", "Где находится вокзал?", "Я хотел бы чашку чая пожалуйста.",
           "Мы гуляли вдоль реки до заката.", "Мой брат работает в маленькой пекарне рядом со старой рыночной площадью."],
    "tr": ["Kedi uyuyor.", "Tren istasyonu nerede?", "Bir fincan çay istiyorum lütfen.",
           "Güneş batana kadar nehir boyunca yürüdük.", "Kardeşim eski pazar meydanının yakınındaki küçük bir fırında çalışıyor."],
    "id": ["Kucing itu tidur.", "Di mana stasiun kereta api?", "Saya ingin secangkir teh.",
           "Kami berjalan di sepanjang sungai sampai matahari terbenam.", "Kakak saya bekerja di toko roti kecil dekat alun-alun pasar lama."],
}


def main() -> None:
    import langdetect
    import py3langid

    from rlvr.verifiers.format_lang import normalize_code

    langdetect.DetectorFactory.seed = 0
    detectors = {
        "langdetect": lambda t: normalize_code(langdetect.detect(t)),
        "py3langid": lambda t: normalize_code(py3langid.classify(t)[0]),
    }
    cases = [(lang, text) for lang, texts in SAMPLES.items() for text in texts]
    for name, fn in detectors.items():
        fn("warm up the model")
        short = [fn(t) == lang for lang, t in cases if len(t.split()) <= 4]
        longer = [fn(t) == lang for lang, t in cases if len(t.split()) > 4]
        start = time.perf_counter()
        for _ in range(3):
            for _, t in cases:
                fn(t)
        per_call = (time.perf_counter() - start) / (3 * len(cases))
        wrong = [(lang, t, fn(t)) for lang, t in cases if fn(t) != lang]
        print(f"{name:11s} short (<=4 words) {sum(short)}/{len(short)}  longer {sum(longer)}/{len(longer)}"
              f"  all {sum(short) + sum(longer)}/{len(cases)}  {per_call * 1e3:.2f} ms/call")
        print(f"{'':11s} misses: {wrong}")


if __name__ == "__main__":
    main()
