#include "report/coaching.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "report/text_table.h"

namespace defuse {
namespace {

// Every text exists in the three UI languages; the advice paraphrases CYCLE.md and, where it
// says "the articles", the source articles in seeds/ that the model is distilled from.
struct Words {
  const char* en;
  const char* es;
  const char* ru;
  std::string in(UiLang lang) const { return lang == UiLang::es ? es : lang == UiLang::ru ? ru : en; }
};

const std::array<Words, kStepCount> kStepTitles = {{
    {"Greeting", "Saludo", "Приветствие"},
    {"Clarifying questions", "Preguntas aclaratorias", "Уточняющие вопросы"},
    {"Empathy", "Empatía", "Сочувствие"},
    {"Apology", "Disculpa", "Извинение"},
    {"Solution", "Solución", "Решение"},
    {"Commitment", "Compromiso", "Обязательство"},
    {"Closing", "Cierre", "Завершение"},
}};

const std::array<Words, kStepCount> kStepMissing = {{
    {"No greeting: the conversation did not open with a greeting and an offer of help. Start with a hello and "
     "\"How can I help?\": the first reply sets the tone, and a quick, human answer calms an upset customer.",
     "Sin saludo: la conversación no empezó con un saludo y un ofrecimiento de ayuda. Empiece con un saludo y "
     "\"¿En qué puedo ayudarle?\": la primera respuesta marca el tono, y una respuesta rápida y humana calma a un "
     "cliente molesto.",
     "Нет приветствия: разговор начался без приветствия и предложения помощи. Начните с приветствия и вопроса "
     "«Чем могу помочь?»: первая реплика задаёт тон, а быстрый и человечный ответ успокаивает расстроенного "
     "клиента."},
    {"No clarifying question: the facts were not asked for before acting. Ask what exactly happened, and for the "
     "order or account number: the customer's first description of a problem is rarely complete.",
     "Sin preguntas aclaratorias: no se pidieron los datos antes de actuar. Pregunte qué pasó exactamente y el "
     "número de pedido o de cuenta: la primera descripción del problema casi nunca está completa.",
     "Нет уточняющих вопросов: факты не были выяснены до начала действий. Спросите, что именно произошло, "
     "номер заказа или договора: первое описание проблемы клиентом почти никогда не бывает полным."},
    {"No empathy: the customer's feelings were not acknowledged. Say that you understand why this is frustrating "
     "before moving to the solution; a customer who feels heard calms down.",
     "Sin empatía: no se reconocieron los sentimientos del cliente. Diga que entiende su molestia antes de pasar a "
     "la solución; un cliente que se siente escuchado se calma.",
     "Нет сочувствия: чувства клиента остались без внимания. Скажите, что понимаете, почему это неприятно, прежде "
     "чем переходить к решению: клиент, которого услышали, успокаивается."},
    {"No apology: there was no apology for the trouble. A simple \"I'm sorry for the inconvenience\" costs "
     "nothing and takes the heat out of the conversation.",
     "Sin disculpa: no hubo disculpa por las molestias. Un simple \"Disculpe las molestias\" no cuesta nada y "
     "baja la tensión de la conversación.",
     "Нет извинения: клиент не услышал извинений за неудобства. Простое «Извините за неудобства» ничего не стоит "
     "и снижает накал разговора."},
    {"No solution offered: the customer did not hear a concrete remedy. Offer one, ideally a choice (\"a refund or "
     "an exchange, which suits you better?\"), so the customer leaves with a way out and their dignity intact.",
     "Sin solución: el cliente no escuchó un remedio concreto. Ofrezca uno, mejor aún una elección (\"¿prefiere "
     "el reembolso o un cambio?\"), para que el cliente tenga una salida digna.",
     "Не предложено решение: клиент не услышал конкретного выхода. Предложите его, лучше в виде выбора («Мы можем "
     "вернуть деньги или обменять товар — какой вариант вам удобнее?»), чтобы у клиента был достойный выход."},
    {"No commitment: the customer was not told what happens next and when. Promise a concrete next step with a "
     "time (\"I'll call you back by 5 pm\"), and keep the promise.",
     "Sin compromiso: el cliente no supo qué pasará después ni cuándo. Prometa un paso concreto con un plazo "
     "(\"Le enviaremos el reembolso en 3 días\") y cumpla la promesa.",
     "Нет обязательства: клиент не узнал, что будет дальше и когда. Пообещайте конкретный следующий шаг со сроком "
     "(«Перезвоню вам завтра до 12») и сдержите обещание."},
    {"No closing: the conversation ended without confirming the fix or asking for feedback, the final step of the "
     "resolution cycle. Recap what was done, check the customer is satisfied and thank them: customers remember "
     "the last thing said, and the articles behind this model note that in many companies this last step has "
     "simply vanished.",
     "Sin cierre: la conversación terminó sin confirmar la solución ni pedir la opinión del cliente, el último paso "
     "del ciclo de resolución. Resuma lo que se hizo, compruebe que el cliente está satisfecho y agradézcale: el "
     "cliente recuerda lo último que se le dijo, y los artículos en los que se basa este modelo señalan que en "
     "muchas empresas este último paso simplemente ha desaparecido.",
     "Нет завершения: разговор закончился без подтверждения, что проблема решена, и без вопроса об обратной "
     "связи — последнего шага цикла. Подведите итог, убедитесь, что клиент доволен, и поблагодарите его: клиент "
     "запоминает последнее, что услышал, а статьи, на которых основана эта модель, отмечают, что во многих "
     "компаниях завершающий шаг просто исчез."},
}};

const std::array<Words, kAntiPatternCount> kAntiTitles = {{
    {"Blaming the contract", "Culpar al contrato", "Ссылка на договор"},
    {"Deflecting to management", "Pasar la culpa a la gerencia", "Перекладывание на руководство"},
    {"Sending to the website", "Remitir al sitio web", "Отсылка на сайт"},
    {"Blaming a third party", "Culpar a terceros", "Обвинение третьих лиц"},
    {"Arguing with the customer", "Discutir con el cliente", "Спор с клиентом"},
    {"Rudeness", "Descortesía", "Грубость"},
    {"The \"two news\" opener", "Las \"dos noticias\"", "«Две новости»"},
    {"Making excuses", "Justificarse", "Оправдания"},
    {"Accusing the customer of dishonesty", "Acusar al cliente de mentir", "Обвинение клиента во лжи"},
    {"Slow response", "Respuesta lenta", "Медленный ответ"},
    {"No closure", "Sin cierre", "Нет завершения"},
}};

const std::array<Words, kAntiPatternCount> kAntiAdvice = {{
    {"Telling the customer it was in the terms they signed may win the argument, but it loses the customer. Explain "
     "the terms kindly and look for an option that meets their need. The articles tell of a complaint that was "
     "already settled and then lost by one remark about the contract at the very end.",
     "Decirle al cliente que estaba en su contrato puede ganar la discusión, pero pierde al cliente. Explique las "
     "condiciones con amabilidad y busque una opción que responda a su necesidad. Los artículos cuentan el caso de "
     "una queja ya resuelta que se perdió por un solo comentario sobre el contrato al final.",
     "Напоминание «вы же читали договор» может выиграть спор, но клиента вы потеряете. Спокойно объясните условия и "
     "поищите вариант, который решит его задачу. В статьях описан случай, когда уже улаженная жалоба была "
     "потеряна из-за одной фразы о договоре в самом конце разговора."},
    {"\"That's management's decision\" only moves the anger up a level. Own the problem: apologise, ask the customer "
     "to wait for your call back, and take the question to your manager yourself.",
     "\"Es una decisión de la gerencia\" solo traslada el enojo a un nivel superior. Asuma el problema: discúlpese, "
     "pida al cliente que espere su llamada y lleve usted mismo la pregunta a su supervisor.",
     "«Это решение руководства» лишь переносит недовольство на уровень выше. Возьмите проблему на себя: извинитесь, "
     "попросите клиента дождаться вашего звонка и сами задайте вопрос руководителю."},
    {"The customer came to you for help, not for a link. Give the answer yourself; a website tip is a useful extra "
     "once the problem is solved, not a replacement.",
     "El cliente acudió a usted en busca de ayuda, no de un enlace. Dé la respuesta usted mismo; remitir al sitio web "
     "puede ser un complemento cuando el problema ya esté resuelto, no un sustituto.",
     "Клиент обратился к вам за помощью, а не за ссылкой. Ответьте сами; ссылка на сайт уместна как дополнение, когда "
     "проблема уже решена, но не вместо ответа."},
    {"To the customer, the company answers for its suppliers and couriers. Instead of blaming them, say what you "
     "will do about it.",
     "Para el cliente, la empresa responde por sus proveedores y mensajeros. En lugar de culparlos, diga qué hará "
     "usted para resolverlo.",
     "Для клиента компания отвечает за своих поставщиков и курьеров. Вместо того чтобы винить их, скажите, что вы "
     "сделаете, чтобы всё исправить."},
    {"Proving the customer wrong, or investigating them, does not resolve a conflict. Listen, acknowledge, and move "
     "to what can be done; don't argue over small sums.",
     "Demostrar que el cliente está equivocado, o investigarlo, no resuelve el conflicto. Escuche, reconozca y pase "
     "a lo que se puede hacer; no discuta por cantidades pequeñas.",
     "Доказывать клиенту, что он не прав, или устраивать разбирательство — не способ решить конфликт. Выслушайте, "
     "признайте проблему и переходите к тому, что можно сделать; не спорьте из-за мелочей."},
    {"The customer came to an expert for help, not to feel foolish. Avoid sarcasm and condescension, and keep a "
     "respectful tone even when the customer does not.",
     "El cliente acude a un experto para recibir ayuda, no para sentirse tonto. Evite el sarcasmo y la "
     "condescendencia, y mantenga un tono respetuoso aunque el cliente no lo haga.",
     "Клиент обращается к вам как к эксперту за помощью, а не чтобы почувствовать себя глупым. Избегайте сарказма и "
     "снисходительности и сохраняйте уважительный тон, даже если клиент его не сохраняет."},
    {"Get to the point instead of \"I have good news and bad news\". Give the news briefly with a softener (\"I'm "
     "very sorry, but...\") and offer a way forward.",
     "Vaya al grano en lugar de \"tengo dos noticias\". Dé la noticia en pocas palabras con un atenuante (\"Lo "
     "siento mucho, pero...\") y ofrezca una salida.",
     "Переходите к сути вместо «У меня для вас две новости». Сообщите новость коротко, со смягчением («Очень "
     "сожалею, но…»), и предложите выход."},
    {"\"It's not my fault\" puts your position ahead of the customer's problem. Expect to be blamed, don't justify "
     "yourself, and stay on the solution.",
     "\"No es mi culpa\" pone su posición por delante del problema del cliente. Espere que lo culpen, no se "
     "justifique y céntrese en la solución.",
     "«Это не моя вина» ставит вашу позицию выше проблемы клиента. Будьте готовы, что винить будут вас, не "
     "оправдывайтесь и держитесь решения."},
    {"Suggesting the customer lies risks accusing an honest person, and a customer treated as a cheat rarely comes "
     "back. Check the facts without implying bad faith.",
     "Insinuar que el cliente miente puede acusar a una persona honesta, y un cliente tratado como tramposo rara vez "
     "vuelve. Compruebe los hechos sin insinuar mala fe.",
     "Намекая, что клиент обманывает, вы рискуете обвинить честного человека, а клиент, которого сочли обманщиком, "
     "редко возвращается. Проверяйте факты, не подозревая клиента."},
    {"The customer waited too long for this reply. Answer quickly, even just to say you are on it: most customers "
     "expect an answer within the hour, and silence loses them.",
     "El cliente esperó demasiado esta respuesta. Responda rápido, aunque sea para decir que lo está revisando: la "
     "mayoría de los clientes espera respuesta en menos de una hora, y el silencio los aleja.",
     "Клиент слишком долго ждал этого ответа. Отвечайте быстро, хотя бы чтобы сказать, что вы уже занимаетесь "
     "вопросом: большинство клиентов ждут ответа в течение часа, и молчание их отталкивает."},
    {"The conversation ended with no closing step (see Closing above).",
     "La conversación terminó sin cierre (vea Cierre más arriba).",
     "Разговор закончился без завершающего шага (см. «Завершение» выше)."},
}};

const std::array<Words, kSignalCount> kSignalTitles = {{
    {"hostility", "hostilidad", "враждебность"},
    {"threat", "amenaza", "угроза"},
    {"satisfied", "satisfecho", "доволен"},
}};

const std::map<std::string_view, Words> kOrderAdvice = {
    {"solve_before_listening",
     {"Solution before listening: a remedy came before any clarifying question or empathy. Ignoring the customer's "
      "story may feel faster, but the fix lands better once the customer feels heard: listen and clarify first.",
      "Solución antes de escuchar: el remedio llegó antes de cualquier pregunta o muestra de empatía. Ignorar la "
      "historia del cliente parece más rápido, pero la solución funciona mejor cuando el cliente se siente "
      "escuchado: primero escuche y aclare.",
      "Решение раньше, чем выслушали: выход был предложен до уточняющих вопросов и сочувствия. Кажется, что так "
      "быстрее, но решение воспринимается лучше, когда клиента услышали: сначала выслушайте и уточните."}},
    {"commit_before_solve",
     {"Commitment before a solution: a promise came before a remedy was agreed. Agree on the solution first, then "
      "commit to the next step.",
      "Compromiso antes de la solución: se prometió algo antes de acordar el remedio. Acuerde primero la solución y "
      "después comprométase con el siguiente paso.",
      "Обязательство раньше решения: обещание прозвучало до того, как договорились о решении. Сначала договоритесь "
      "о решении, затем назовите следующий шаг."}},
    {"greet_not_first",
     {"Late greeting: the greeting came after the opening. Greet the customer in your first reply.",
      "Saludo tardío: el saludo llegó después de la apertura. Salude al cliente en su primera respuesta.",
      "Запоздалое приветствие: приветствие прозвучало не в начале. Поздоровайтесь в первой же реплике."}},
    {"close_in_middle",
     {"Closing in the middle: a closing phrase came while the problem was still open. Close once the issue is "
      "resolved, at the end of the conversation.",
      "Cierre a mitad de la conversación: una frase de cierre llegó cuando el problema seguía abierto. Cierre cuando "
      "el asunto esté resuelto, al final.",
      "Завершение посреди разговора: завершающая фраза прозвучала, когда проблема ещё не была решена. Завершайте "
      "разговор, когда вопрос решён, в конце."}},
};

const std::map<std::string_view, Words> kUi = {
    {"Coaching", {"Coaching", "Sesión de coaching", "Разбор разговора"}},
    {"agent", {"agent", "agente", "оператор"}},
    {"customer", {"customer", "cliente", "клиент"}},
    {"other", {"other", "otro", "другое"}},
    {"Score", {"Score", "Puntuación", "Оценка"}},
    {"Outcome", {"Outcome", "Resultado", "Итог"}},
    {"Channel", {"Channel", "Canal", "Канал"}},
    {"Language", {"Language", "Idioma", "Язык"}},
    {"Date", {"Date", "Fecha", "Дата"}},
    {"Conversation", {"Conversation", "Conversación", "Разговор"}},
    {"What went well", {"What went well", "Lo que salió bien", "Что получилось"}},
    {"What was missing", {"What was missing", "Lo que faltó", "Чего не хватило"}},
    {"Nothing was missing", {"Nothing was missing: all seven steps were done.",
                             "No faltó nada: se cumplieron los siete pasos.",
                             "Всё на месте: все семь шагов выполнены."}},
    {"Order of the steps", {"Order of the steps", "Orden de los pasos", "Порядок шагов"}},
    {"What to avoid", {"What to avoid", "Lo que conviene evitar", "Чего стоит избегать"}},
    {"Score breakdown", {"Score breakdown", "Desglose de la puntuación", "Из чего сложилась оценка"}},
    {"earned", {"earned", "obtenido", "получено"}},
    {"lost", {"lost", "perdido", "потеряно"}},
    {"not earned", {"not earned", "no obtenido", "не получено"}},
    {"Total", {"Total", "Total", "Итого"}},
    {"turn", {"turn", "turno", "реплика"}},
    {"step done", {"step done", "paso cumplido", "шаг выполнен"}},
    {"clamped", {"(the points add up to {}; the score stays within 0..100, so it is {})",
                 "(los puntos suman {}; la puntuación se mantiene entre 0 y 100, así que es {})",
                 "(сумма баллов {}; оценка не выходит за пределы 0..100, поэтому она равна {})"}},
    {"customer signal", {"customer", "cliente", "клиент"}},
    {"Legend", {"[+ step] a step of the cycle, [! anti-pattern] something to avoid, [customer: ...] how the customer "
                "reacted",
                "[+ paso] un paso del ciclo, [! antipatrón] algo que conviene evitar, [cliente: ...] cómo reaccionó "
                "el cliente",
                "[+ шаг] шаг цикла, [! ошибка] чего стоит избегать, [клиент: ...] как отреагировал клиент"}},
};

const std::map<std::string_view, Words> kOutcomes = {
    {"de-escalated", {"de-escalated: the conflict calmed down", "desescalado: el conflicto se calmó",
                      "конфликт погашен"}},
    {"escalated", {"escalated: the conversation ended in conflict", "escalado: la conversación terminó en conflicto",
                   "конфликт обострился"}},
    {"unresolved", {"unresolved", "sin resolver", "не разрешён"}},
};

int index_of(std::string_view id, auto const& ids) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

std::string clock_text(std::int64_t ms) {
  std::int64_t s = (ms % 86400000LL) / 1000;
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

}  // namespace

std::optional<UiLang> parse_ui_lang(std::string_view code) {
  if (code == "en") return UiLang::en;
  if (code == "es") return UiLang::es;
  if (code == "ru") return UiLang::ru;
  return std::nullopt;
}

std::string step_title(int step, UiLang lang) {
  return step >= 0 && step < kStepCount ? kStepTitles[step].in(lang) : "?";
}

std::string step_missing_advice(int step, UiLang lang) {
  return step >= 0 && step < kStepCount ? kStepMissing[step].in(lang) : "";
}

std::string anti_pattern_title(std::string_view id, UiLang lang) {
  int i = index_of(id, kAntiPatternIds);
  return i < 0 ? std::string(id) : kAntiTitles[i].in(lang);
}

std::string anti_pattern_advice(std::string_view id, UiLang lang) {
  int i = index_of(id, kAntiPatternIds);
  return i < 0 ? "" : kAntiAdvice[i].in(lang);
}

std::string signal_title(std::string_view id, UiLang lang) {
  int i = index_of(id, kSignalIds);
  return i < 0 ? std::string(id) : kSignalTitles[i].in(lang);
}

std::string order_advice(std::string_view id, std::string_view fallback, UiLang lang) {
  auto it = kOrderAdvice.find(id);
  return it == kOrderAdvice.end() ? std::string(fallback) : it->second.in(lang);
}

std::string outcome_title(std::string_view outcome, UiLang lang) {
  auto it = kOutcomes.find(outcome);
  return it == kOutcomes.end() ? std::string(outcome) : it->second.in(lang);
}

std::string ui_text(std::string_view key, UiLang lang) {
  auto it = kUi.find(key);
  return it == kUi.end() ? std::string(key) : it->second.in(lang);
}

CoachingView build_coaching_view(const Transcript& t, const ScoreResult& r, const ScoringConfig& scoring,
                                 UiLang lang) {
  CoachingView v;
  v.lang = lang;
  v.id = r.id;
  v.source = r.source;
  v.agent = r.agent;
  v.customer = r.customer_name;
  v.channel = r.channel;
  v.transcript_lang = r.lang;
  v.started_at = r.started_at;
  v.outcome = r.outcome;
  v.score = r.score;
  for (std::size_t i = 0; i < t.turns.size(); ++i) {
    const Turn& turn = t.turns[i];
    CoachingTurn ct;
    ct.number = static_cast<int>(i) + 1;
    ct.role = std::string(role_name(turn.role));
    ct.speaker = turn.speaker;
    ct.text = std::string(turn.text);
    if (turn.start_ms) ct.time = clock_text(*turn.start_ms);
    v.turns.push_back(std::move(ct));
  }
  auto mark = [&](int turn, TurnMark m) {
    if (turn >= 1 && turn <= static_cast<int>(v.turns.size())) v.turns[turn - 1].marks.push_back(std::move(m));
  };
  for (int s = 0; s < kStepCount; ++s) {
    const StepResult& step = r.steps[s];
    if (step.hit) {
      AdviceItem item{std::string(kStepIds[s]), 0, step_title(s, lang), "", ""};
      if (!step.evidence.empty()) {
        item.turn = step.evidence.front().turn;
        item.quote = step.evidence.front().text;
      }
      v.done.push_back(std::move(item));
      for (const auto& e : step.evidence)
        mark(e.turn, {TurnMark::Kind::step, std::string(kStepIds[s]), step_title(s, lang), e.text});
    } else {
      v.missing.push_back({std::string(kStepIds[s]), 0, step_title(s, lang), step_missing_advice(s, lang), ""});
    }
  }
  for (const auto& a : r.anti_patterns) {
    if (a.id == "no_closure") continue;  // said once, under the missing Closing step
    // A structural rule's text is the scorer's English explanation, not the agent's words:
    // keep it only where the view is English.
    bool structural = a.rule.rfind("structure/", 0) == 0;
    std::string quote = structural && lang != UiLang::en ? "" : a.text;
    v.avoid.push_back({a.id, a.turn, anti_pattern_title(a.id, lang), anti_pattern_advice(a.id, lang), quote});
    mark(a.turn, {TurnMark::Kind::anti_pattern, a.id, anti_pattern_title(a.id, lang), quote});
  }
  for (const auto& s : r.customer) mark(s.turn, {TurnMark::Kind::signal, s.id, signal_title(s.id, lang), s.text});
  for (const auto& o : r.order) v.order.push_back({o.id, o.turn, o.id, order_advice(o.id, o.message, lang), ""});
  // Markers on one turn: steps first, then what to avoid, then the customer's reaction; two
  // rules that found the same thing in the same sentence show once.
  for (auto& turn : v.turns) {
    std::stable_sort(turn.marks.begin(), turn.marks.end(),
                     [](const TurnMark& a, const TurnMark& b) { return a.kind < b.kind; });
    std::vector<TurnMark> unique;
    for (auto& m : turn.marks) {
      bool seen = std::any_of(unique.begin(), unique.end(), [&](const TurnMark& u) {
        return u.kind == m.kind && u.id == m.id && u.quote == m.quote;
      });
      if (!seen) unique.push_back(std::move(m));
    }
    turn.marks = std::move(unique);
  }

  // The breakdown from the record, so explain shows the points exactly as score counted them.
  for (const auto& b : r.breakdown) {
    int step = index_of(b.what, kStepIds);
    BreakdownLine line;
    line.id = b.what;
    if (step >= 0) {
      line.title = step_title(step, lang);
      if (r.steps[step].hit) {
        line.kind = BreakdownLine::Kind::earned;
        line.points = b.points;
      } else {
        line.kind = BreakdownLine::Kind::missed;
        line.points = scoring.step_weight[step];
      }
    } else {
      line.kind = BreakdownLine::Kind::lost;
      line.points = b.points;
      int anti = index_of(b.what, kAntiPatternIds);
      line.title = anti >= 0 ? anti_pattern_title(b.what, lang) : b.what;
      if (anti >= 0) {
        int times = static_cast<int>(std::count_if(r.anti_patterns.begin(), r.anti_patterns.end(),
                                                   [&](const AntiPatternHit& h) { return h.id == b.what; }));
        if (times > 1) line.note = fmt::format("×{}", times);
      } else {
        for (const auto& o : r.order)
          if (o.id == b.what) line.note = fmt::format("{} {}", ui_text("turn", lang), o.turn);
      }
    }
    v.breakdown.push_back(std::move(line));
  }
  return v;
}

std::string clamp_note(const CoachingView& v) {
  double sum = 0;
  for (const auto& b : v.breakdown)
    if (b.kind != BreakdownLine::Kind::missed) sum += b.points;
  if (std::fabs(sum - v.score) < 0.05) return "";
  return fmt::format(fmt::runtime(ui_text("clamped", v.lang)), fmt::format("{:g}", sum), fmt::format("{:g}", v.score));
}

std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out, line;
  std::size_t used = 0;
  const std::size_t indent_width = display_width(indent);
  auto flush = [&] {
    out += line;
    line.clear();
  };
  std::size_t pos = 0;
  bool first_line = true;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of(" \n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    std::size_t w = display_width(word);
    std::size_t room = width > (first_line ? 0 : indent_width) ? width - (first_line ? 0 : indent_width) : 1;
    if (!word.empty()) {
      if (used > 0 && used + 1 + w > room) {
        flush();
        out += "\n";
        out += indent;
        used = 0;
        first_line = false;
      }
      if (used > 0) {
        line += ' ';
        ++used;
      }
      line += word;
      used += w;
    }
    if (end < text.size() && text[end] == '\n' && used > 0) {
      flush();
      out += "\n";
      out += indent;
      used = 0;
      first_line = false;
    }
    pos = end + 1;
  }
  flush();
  return out;
}

std::string render_coaching_text(const CoachingView& v, bool color, std::size_t width) {
  const UiLang L = v.lang;
  std::string out;
  auto heading = [&](const std::string& text) { out += "\n" + paint(text, "1", color) + "\n"; };
  out += paint(ui_text("Coaching", L) + ": " + v.id, "1", color);
  if (!v.agent.empty()) out += " · " + ui_text("agent", L) + " " + v.agent;
  out += "\n";
  std::vector<std::string> facts;
  if (!v.channel.empty()) facts.push_back(ui_text("Channel", L) + ": " + v.channel);
  if (!v.transcript_lang.empty()) facts.push_back(ui_text("Language", L) + ": " + v.transcript_lang);
  if (!v.started_at.empty()) facts.push_back(ui_text("Date", L) + ": " + v.started_at);
  for (std::size_t i = 0; i < facts.size(); ++i) out += (i ? " · " : "") + facts[i];
  if (!facts.empty()) out += "\n";
  std::string score = fmt::format("{:g}/100", v.score);
  out += ui_text("Score", L) + ": " + paint(score, v.score >= 75 ? "32;1" : v.score >= 50 ? "33;1" : "31;1", color);
  out += " · " + ui_text("Outcome", L) + ": " + outcome_title(v.outcome, L) + "\n";

  heading(ui_text("Conversation", L));
  if (!color) out += ui_text("Legend", L) + "\n\n";
  std::size_t role_width = 0;
  for (const auto& t : v.turns) role_width = std::max(role_width, display_width(ui_text(t.role, L)));
  const bool timed = std::any_of(v.turns.begin(), v.turns.end(), [](const CoachingTurn& t) { return !t.time.empty(); });
  for (const auto& t : v.turns) {
    std::string prefix = fmt::format("{:>3}  ", t.number);
    if (timed) prefix += (t.time.empty() ? std::string(8, ' ') : t.time) + "  ";
    std::string role = fit(ui_text(t.role, L), role_width);
    std::string indent(display_width(prefix) + role_width + 2, ' ');
    std::string body = wrap_text(t.text, width > indent.size() + 20 ? width - indent.size() : 40, indent);
    out += prefix + paint(role, t.role == "agent" ? "36" : "2", color) + "  " + body + "\n";
    for (const auto& m : t.marks) {
      std::string tag;
      std::string ansi;
      switch (m.kind) {
        case TurnMark::Kind::step:
          tag = "[+ " + m.id + "]";
          ansi = "32";
          break;
        case TurnMark::Kind::anti_pattern:
          tag = "[! " + m.id + "]";
          ansi = "31;1";
          break;
        case TurnMark::Kind::signal:
          tag = "[" + ui_text("customer signal", L) + ": " + m.title + "]";
          ansi = "33";
          break;
      }
      std::string line = paint(tag, ansi, color);
      if (m.kind != TurnMark::Kind::signal) {
        line += " " + m.title;
        if (!m.quote.empty()) line += ": \"" + m.quote + "\"";
      }
      out += indent + wrap_text(line, width > indent.size() + 20 ? width - indent.size() : 40, indent + "  ") + "\n";
    }
  }

  if (!v.done.empty()) {
    heading(ui_text("What went well", L));
    for (const auto& d : v.done) {
      std::string line = "+ " + d.title;
      if (d.turn > 0) line += fmt::format(" ({} {})", ui_text("turn", L), d.turn);
      if (!d.quote.empty()) line += ": \"" + d.quote + "\"";
      out += "  " + wrap_text(line, width - 2, "    ") + "\n";
    }
  }
  heading(ui_text("What was missing", L));
  if (v.missing.empty()) out += "  " + ui_text("Nothing was missing", L) + "\n";
  for (const auto& m : v.missing) out += "  - " + wrap_text(m.advice, width - 4, "    ") + "\n";
  if (!v.order.empty()) {
    heading(ui_text("Order of the steps", L));
    for (const auto& o : v.order)
      out += "  - " + wrap_text(fmt::format("{} {}: {}", ui_text("turn", L), o.turn, o.advice), width - 4, "    ") +
             "\n";
  }
  if (!v.avoid.empty()) {
    heading(ui_text("What to avoid", L));
    for (const auto& a : v.avoid) {
      std::string line = a.turn > 0 ? fmt::format("{} {}, {}", ui_text("turn", L), a.turn, a.title) : a.title;
      if (!a.quote.empty() && a.turn > 0) line += " (\"" + a.quote + "\")";
      line += ". " + a.advice;
      out += "  ! " + wrap_text(line, width - 4, "    ") + "\n";
    }
  }
  heading(ui_text("Score breakdown", L));
  std::size_t title_width = 0;
  for (const auto& b : v.breakdown) title_width = std::max(title_width, display_width(b.title));
  std::size_t kind_width = std::max({display_width(ui_text("earned", L)), display_width(ui_text("lost", L)),
                                     display_width(ui_text("not earned", L))});
  for (const auto& b : v.breakdown) {
    std::string kind, points, ansi;
    switch (b.kind) {
      case BreakdownLine::Kind::earned:
        kind = ui_text("earned", L);
        points = fmt::format("{:+g}", b.points);
        ansi = "32";
        break;
      case BreakdownLine::Kind::lost:
        kind = ui_text("lost", L);
        points = fmt::format("{:+g}", b.points);
        ansi = "31";
        break;
      case BreakdownLine::Kind::missed:
        kind = ui_text("not earned", L);
        points = fmt::format("({:g})", b.points);
        ansi = "2";
        break;
    }
    std::string line = fmt::format("  {}  {:>5}  {}", fit(kind, kind_width), points, fit(b.title, title_width));
    if (!b.note.empty()) line += "  " + b.note;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += paint(line, ansi, color) + "\n";
  }
  out += fmt::format("  {}  {:>5}\n", fit(ui_text("Total", L), kind_width), fmt::format("{:g}", v.score));
  if (auto note = clamp_note(v); !note.empty()) out += "  " + wrap_text(note, width - 2, "  ") + "\n";
  return out;
}

}  // namespace defuse
