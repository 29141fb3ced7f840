/*
 * Text that epubpack itself writes into the book (nav headings, landmarks, accessibility
 * summary), in the book's language. Matched on the primary language subtag ("ru-RU" → ru);
 * anything unknown falls back to English.
 */
#include "util/labels.h"
#include "util/lang.h"

#include <stddef.h>

typedef struct lang_labels {
    const char *lang; /* primary subtag */
    epi_labels l;
    /* schema:accessibilitySummary when images exist: every one has alt / some have none */
    const char *images_alt;
    const char *images_no_alt;
} lang_labels;

/* The summaries describe only what epubpack guarantees for every book it writes: text, a
 * table of contents, headings, a declared reading order, the language marked up. They claim
 * no WCAG conformance (EPUB Accessibility 1.1 §5: a claim needs an evaluation). */
static const lang_labels table[] = {
    {"en",
     {"Contents", "Landmarks", "Start", "Cover", "Title page", "Notes",
      "This publication contains only text, with a table of contents, structured headings "
      "and a defined reading order. It has no images, audio or video, and the language of "
      "the text is identified, so it can be read aloud and reflowed."},
     "This publication contains text and images, with a table of contents, structured "
     "headings and a defined reading order. Every image has a text alternative.",
     "This publication contains text and images, with a table of contents, structured "
     "headings and a defined reading order. Some images have no text alternative."},
    {"ru",
     {"Содержание", "Ориентиры", "Начало", "Обложка", "Титульная страница", "Примечания",
      "Публикация содержит только текст и навигацию: оглавление, структурированные заголовки "
      "и заданный порядок чтения. Изображений, аудио и видео нет; язык текста указан, поэтому "
      "его можно читать вслух синтезатором речи и перестраивать под размер экрана."},
     "Публикация содержит текст и изображения, оглавление, структурированные заголовки и "
     "заданный порядок чтения. У каждого изображения есть текстовое описание.",
     "Публикация содержит текст и изображения, оглавление, структурированные заголовки и "
     "заданный порядок чтения. Не у всех изображений есть текстовое описание."},
    {"uk",
     {"Зміст", "Орієнтири", "Початок", "Обкладинка", "Титульна сторінка", "Примітки",
      "Публікація містить лише текст і навігацію: зміст, структуровані заголовки та "
      "визначений порядок читання. Зображень, аудіо та відео немає; мову тексту вказано."},
     "Публікація містить текст і зображення, зміст, структуровані заголовки та визначений "
     "порядок читання. Кожне зображення має текстовий опис.",
     "Публікація містить текст і зображення, зміст, структуровані заголовки та визначений "
     "порядок читання. Не всі зображення мають текстовий опис."},
    {"de",
     {"Inhalt", "Orientierungspunkte", "Anfang", "Umschlag", "Titelseite", "Anmerkungen",
      "Diese Publikation enthält nur Text mit Inhaltsverzeichnis, strukturierten "
      "Überschriften und festgelegter Lesereihenfolge. Sie enthält keine Bilder, kein Audio "
      "und kein Video; die Sprache des Textes ist angegeben."},
     "Diese Publikation enthält Text und Bilder mit Inhaltsverzeichnis, strukturierten "
     "Überschriften und festgelegter Lesereihenfolge. Jedes Bild hat einen Alternativtext.",
     "Diese Publikation enthält Text und Bilder mit Inhaltsverzeichnis, strukturierten "
     "Überschriften und festgelegter Lesereihenfolge. Nicht alle Bilder haben einen "
     "Alternativtext."},
    {"fr",
     {"Table des matières", "Repères", "Début", "Couverture", "Page de titre", "Notes",
      "Cette publication ne contient que du texte, avec une table des matières, des titres "
      "structurés et un ordre de lecture défini. Elle ne contient ni images, ni audio, ni "
      "vidéo ; la langue du texte est indiquée."},
     "Cette publication contient du texte et des images, avec une table des matières, des "
     "titres structurés et un ordre de lecture défini. Chaque image a un texte de "
     "remplacement.",
     "Cette publication contient du texte et des images, avec une table des matières, des "
     "titres structurés et un ordre de lecture défini. Certaines images n'ont pas de texte "
     "de remplacement."},
};

static const lang_labels *find(const char *lang)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (epi_lang_is(lang, table[i].lang))
            return &table[i];
    return &table[0];
}

const epi_labels *epi_labels_for(const char *lang)
{
    return &find(lang)->l;
}

const char *epi_labels_images_summary(const char *lang, bool all_alt)
{
    const lang_labels *t = find(lang);
    return all_alt ? t->images_alt : t->images_no_alt;
}
