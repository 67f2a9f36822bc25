"""The kiosk's own words (buttons, titles, notes) in English and Spanish.

A plain dict rather than Qt's .ts/.qm translations: the language changes per patient in
the middle of the app, forms already carry their own texts in YAML, and a dict can be
checked by a test (every key in every language) without lupdate/lrelease in the build.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "tap_to_start": {"en": "Tap anywhere to check in", "es": "Toque la pantalla para registrarse"},
    "welcome": {"en": "Welcome to {clinic}", "es": "Bienvenido a {clinic}"},
    "choose_language": {"en": "Please choose your language", "es": "Elija su idioma, por favor"},
    "back": {"en": "Back", "es": "Atrás"},
    "next": {"en": "Next", "es": "Siguiente"},
    "skip": {"en": "Skip", "es": "Omitir"},
    "submit": {"en": "Submit", "es": "Enviar"},
    "start_over": {"en": "Start over", "es": "Empezar de nuevo"},
    "start_over_title": {"en": "Start over?", "es": "¿Empezar de nuevo?"},
    "start_over_body": {"en": "Everything you entered will be erased.",
                        "es": "Se borrará todo lo que escribió."},
    "start_over_yes": {"en": "Yes, erase and start over", "es": "Sí, borrar y empezar"},
    "start_over_no": {"en": "No, keep going", "es": "No, continuar"},
    "contrast": {"en": "High contrast", "es": "Alto contraste"},
    "read_aloud": {"en": "▶  Read", "es": "▶  Leer"},
    "read_aloud_stop": {"en": "■  Stop", "es": "■  Parar"},
    "always_read_aloud": {"en": "Always read aloud", "es": "Leer siempre en voz alta"},
    "text_size": {"en": "Text size", "es": "Tamaño del texto"},
    "question_of": {"en": "{form} · question {n} of {count}", "es": "{form} · pregunta {n} de {count}"},
    "question_of_up_to": {"en": "{form} · question {n} of up to {count}",
                          "es": "{form} · pregunta {n} de {count} como máximo"},
    "select_all": {"en": "Choose all that apply.", "es": "Elija todas las que correspondan."},
    "optional": {"en": "You may skip this question.", "es": "Puede omitir esta pregunta."},
    "review_title": {"en": "Please check your answers", "es": "Revise sus respuestas, por favor"},
    "review_hint": {"en": "Tap an answer to change it.", "es": "Toque una respuesta para cambiarla."},
    "review_ok": {"en": "My answers are correct", "es": "Mis respuestas son correctas"},
    "change": {"en": "Change", "es": "Cambiar"},
    "clear": {"en": "Clear", "es": "Borrar"},
    "space": {"en": "space", "es": "espacio"},
    "sign_here": {"en": "Sign here with your finger", "es": "Firme aquí con su dedo"},
    "date_hint": {"en": "Month / Day / Year", "es": "Mes / Día / Año"},
    "phone_hint": {"en": "Area code and number", "es": "Código de área y número"},
    "time_hint": {"en": "Hour : Minutes", "es": "Hora : Minutos"},
    "saving": {"en": "Saving your answers…", "es": "Guardando sus respuestas…"},
    "thanks_title": {"en": "Thank you!", "es": "¡Gracias!"},
    "thanks_body": {"en": "You are all checked in. Please have a seat; our team will call you soon.",
                    "es": "Ya está registrado. Tome asiento; nuestro equipo le llamará pronto."},
    "done": {"en": "Done", "es": "Listo"},
    "problem_title": {"en": "Please see the front desk", "es": "Por favor, pase a la recepción"},
    "problem_body": {"en": "We could not finish your check-in on this tablet. The front desk will help you.",
                     "es": "No pudimos terminar su registro en esta tableta. La recepción le ayudará."},
    "idle_title": {"en": "Are you still there?", "es": "¿Sigue ahí?"},
    "idle_body": {"en": "For your privacy, this check-in will be erased in {n} seconds.",
                  "es": "Por su privacidad, este registro se borrará en {n} segundos."},
    "idle_stay": {"en": "I'm still here", "es": "Sigo aquí"},
    "critical_title": {"en": "Thank you for telling us", "es": "Gracias por decírnoslo"},
    "critical_body": {
        "en": "A member of our care team will check in with you today. You are not alone, and help is here.",
        "es": "Una persona de nuestro equipo hablará con usted hoy. No está solo(a); aquí hay ayuda.",
    },
    "critical_988": {
        "en": "If you are thinking about harming yourself, you can call or text 988 (Suicide & Crisis Lifeline) any time, or tell the front desk now.",
        "es": "Si piensa en hacerse daño, puede llamar o enviar un mensaje de texto al 988 (Línea de Prevención del Suicidio y Crisis) en cualquier momento, o avisar ahora a la recepción.",
    },
    "continue": {"en": "Continue", "es": "Continuar"},
    "yes": {"en": "Yes", "es": "Sí"},
    "no": {"en": "No", "es": "No"},
}


def tr(key: str, language: str, **values: object) -> str:
    """The text for ``key`` in ``language`` (English if missing), filled in."""
    texts = STRINGS[key]
    text = texts.get(language) or texts["en"]
    return text.format(**values) if values else text
