#!/usr/bin/env python3
"""Generates a synthetic corpus of customer-complaint dialogues in ru/es/en for benchmarks.

The corpus is deterministic: the same --seed, --size (or --count) and --langs always give
byte-identical output, so figures from two machines or two commits compare the same text.

Each transcript is ~3 KB (drawn around --avg-kb) and follows the shape of a real support
conversation: an optional greeting, the customer's complaint, a few rounds of clarifying
questions, empathy, apologies, solutions, commitments, holding lines and anti-patterns
(contract blame, "it's on the website", "I just work here", ...) from the agent; details,
hostility, threats and thanks from the customer; and a closing or none. Noise as in real
exports: speech fillers on calls, Spanish written without accents or without ¿¡, Russian
written with е for ё, typos, lower-case chat, ALL CAPS anger, continuation lines, four
timestamp styles and many speaker-label spellings (docs/transcript-format.md).

Outputs (--format):
  dir     OUT/dir/NNN/<id>.txt, 1000 files per sub-directory, plain-text format
  ndjson  OUT/corpus.ndjson, one JSON transcript per line:
          {"id","agent","channel","lang","turns":[{"speaker":"agent"|"customer","text"}]}
  both    the same transcripts in both forms (the size counts the plain-text form)

Examples:
  bench/gen_corpus.py --size 200 --out bench/corpus/200mb            # ~68,000 transcripts
  bench/gen_corpus.py --count 300 --format dir --out /tmp/c --seed 3
Python 3 standard library only.
"""

import argparse
import json
import os
import random
import sys

# --------------------------------------------------------------------------------------
# Phrase banks. {slots} are filled per conversation: {name} agent, {cust} customer,
# {order} order/ticket number, {amount}, {date}, {time}, {days}, {product}, {company}.
# --------------------------------------------------------------------------------------

EN = {
    "agent_names": ["Maria", "John", "Emily", "David", "Sarah", "Michael", "Olivia", "James", "Priya", "Tom",
                    "Chloe", "Daniel", "Aisha", "Kevin", "Laura", "Ben"],
    "cust_names": ["Mr. Smith", "Linda", "Robert", "Karen", "Steve", "Jessica", "Paul", "Nancy", "Alex", "Mark"],
    "agent_labels": ["Agent", "Agent", "Operator", "Support", "Representative", "Advisor", "Specialist", "CSR"],
    "cust_labels": ["Customer", "Customer", "Client", "Caller", "User"],
    "products": ["router", "phone", "laptop", "washing machine", "subscription", "internet plan", "order",
                 "headphones", "TV", "coffee maker", "credit card", "flight"],
    "companies": ["FastNet", "ShopRight", "SkyAir", "CityBank", "HomeTech", "MegaMart"],
    "greet": [
        "Hello, thank you for calling {company}, my name is {name}. How can I help you today?",
        "Hi there! This is {name} from {company} support. What can I do for you?",
        "Good morning, {name} speaking. How may I assist you?",
        "Good afternoon and welcome to {company}. How can I help?",
        "Hey, thanks for reaching out! I'm {name}. What's going on?",
        "Good evening, you're through to {name}. What can I help you with today?",
        "Hello and thanks for contacting us. How may I help you?",
        "Hi {cust}, thanks for getting in touch. I'm {name} and I'll be helping you today.",
        "Welcome to {company} chat! My name is {name}, how can I help?",
        "Yes, go ahead.",
    ],
    "clarify": [
        "Could you tell me exactly what happened?",
        "Can you give me your order number, please?",
        "What is the account number or the email on the account?",
        "When did you first notice the problem?",
        "Could you describe what you see on the screen?",
        "Just to make sure I understand: the {product} stopped working after the update?",
        "May I ask which card you used for the payment?",
        "How many times were you charged, and for what amount?",
        "Can you confirm the delivery address for me?",
        "Did you receive any error message?",
        "What exactly went wrong with the {product}?",
        "Could you walk me through the steps you took?",
        "Do you have the ticket number from your previous contact?",
        "Is it the {product} you bought on {date}?",
        "So if I understand correctly, you were charged twice on {date}?",
    ],
    "empathy": [
        "I understand how frustrating this must be.",
        "I completely understand your frustration.",
        "I can see why you're upset, that's a really annoying situation.",
        "I'd be frustrated too if that happened to me.",
        "That sounds really stressful, I understand.",
        "You have every right to be upset about this.",
        "I can imagine how inconvenient this has been for you.",
        "I hear you, and your concern is absolutely valid.",
        "I totally get it, waiting that long is not okay.",
        "I understand this has caused you a lot of trouble.",
    ],
    "apology": [
        "I'm so sorry for the inconvenience.",
        "I apologize for the delay.",
        "Please accept our apologies for the trouble.",
        "I'm really sorry this happened.",
        "Sorry about that, that shouldn't have happened.",
        "We sincerely apologize for the mix-up with your {product}.",
        "My apologies for the wait.",
        "I'm sorry you had to call us again about this.",
        "Sorry for the confusion with the billing.",
    ],
    "solution": [
        "I can offer you a full refund or a replacement, which would you prefer?",
        "I've issued a refund of {amount} to your card.",
        "We can send a technician to your home, would {date} work for you?",
        "I can rebook you on the next flight at no extra cost.",
        "I've applied a credit of {amount} to your account.",
        "Let me open a dispute for the duplicate charge on your behalf.",
        "We'll replace the {product} free of charge.",
        "I can either exchange the {product} or refund it, whatever works best for you.",
        "I've reset your connection from our side, could you check now?",
        "I've cancelled the second charge, so you will only pay once.",
        "As a goodwill gesture I've added a month free to your plan.",
    ],
    "commit": [
        "I'll call you back by {time} tomorrow.",
        "You'll receive the refund within {days} working days.",
        "Your ticket number is {order}, and I'll update you by Thursday.",
        "I'll email you the confirmation within the next hour.",
        "The technician will be there on {date} between 9 and 12.",
        "I will personally follow up with you by {time}.",
        "You should see the credit on your next statement, within {days} days.",
        "I'll check with the warehouse and get back to you before {time} today.",
        "We'll ship the replacement today and you'll get a tracking number by email.",
    ],
    "holding": [
        "Let me check that for you.",
        "One moment please.",
        "Please hold on while I look into your account.",
        "Bear with me a second.",
        "Thank you for waiting.",
        "Okay, I see your order here.",
        "Alright, I've found it.",
        "Let me see what I can do.",
        "Give me just a minute to pull up the details.",
    ],
    "close": [
        "Is there anything else I can help you with today?",
        "Does that solve the problem for you?",
        "Thank you for your patience, have a great day!",
        "Thanks for contacting {company}, and sorry again for the trouble.",
        "You may receive a short survey, we'd appreciate your feedback.",
        "So to recap: the refund is on its way and you'll get an email confirmation. Anything else?",
        "Thank you for your understanding. Have a nice evening!",
        "Glad I could help. Take care!",
        "Bye.",
    ],
    "anti": [
        "It's in the terms and conditions you signed.",
        "You should have read the contract before buying.",
        "That's company policy, there's nothing I can do.",
        "Management decided that, not me.",
        "All the information is on our website.",
        "You can find that in the FAQ section of our site.",
        "The courier messed that up, not us.",
        "Our supplier let us down, it's their fault.",
        "That's simply not true.",
        "You're wrong, the payment went through just fine.",
        "As I already told you, the order was shipped.",
        "Calm down, please, shouting won't help.",
        "I have good news and bad news.",
        "It's not my fault, I just work here.",
        "The system won't let me do that, not my department.",
        "Are you sure you didn't break it yourself?",
        "Are you sure you didn't use it already?",
        "Obviously you pressed the wrong button.",
    ],
    "cust_problem": [
        "Hi, I was charged twice for my {product} on {date}.",
        "My {product} stopped working after two days.",
        "I've been waiting for my order {order} for three weeks!",
        "Your technician never showed up yesterday.",
        "I want a refund, the {product} arrived broken.",
        "My internet has been down since Monday.",
        "Hello, my flight was cancelled and nobody told me.",
        "I called three times already and nobody fixed anything.",
        "The {product} I got is not what I ordered.",
        "You took {amount} from my account without my permission.",
    ],
    "cust_detail": [
        "The order number is {order}.",
        "It was on {date}, around noon.",
        "I paid {amount} with my Visa.",
        "Yes, that's the right address.",
        "It just shows a red light and nothing happens.",
        "I already restarted it like five times.",
        "No, I didn't get any email.",
        "Yeah, that's correct.",
        "The ticket was {order}, I think.",
        "I bought it online, on your site.",
        "Ok.",
        "Sure, one sec.",
    ],
    "cust_hostile": [
        "This is ridiculous!!!",
        "Are you all idiots over there?",
        "THIS IS THE WORST SERVICE I HAVE EVER SEEN",
        "What a joke of a company.",
        "I'm sick and tired of your excuses!",
        "Stop wasting my time.",
        "You people are useless.",
        "I WANT MY MONEY BACK NOW",
    ],
    "cust_threat": [
        "I'm going to cancel my account.",
        "I'll file a complaint with the consumer protection agency.",
        "I'm going to leave a one-star review everywhere.",
        "My lawyer will hear about this.",
        "I'll do a chargeback with my bank.",
        "I'm switching to your competitor tomorrow.",
        "I'll report you to the regulator.",
    ],
    "cust_thanks": [
        "Thank you, that's very helpful.",
        "Ok, that works for me, thanks.",
        "Great, thanks a lot for your help!",
        "Perfect, appreciate it.",
        "Thanks, you've been great.",
        "Alright, thank you.",
        "Whatever.",
        "Thanks for nothing.",
    ],
    "fillers": ["uh", "um", "erm", "uhm", "you know,", "like,", "well,"],
}

ES = {
    "agent_names": ["Lucía", "Carlos", "María José", "Andrés", "Sofía", "Javier", "Valentina", "Diego",
                    "Camila", "Alejandro", "Paula", "Miguel", "Fernanda", "José Luis"],
    "cust_names": ["Pedro", "Ana", "Sr. García", "Rosa", "Luis", "Carmen", "Jorge", "Marta", "Raúl"],
    "agent_labels": ["Agente", "Agente", "Asesor", "Asesora", "Operador", "Operadora", "Ejecutivo", "Soporte"],
    "cust_labels": ["Cliente", "Cliente", "Usuario", "Usuaria"],
    "products": ["router", "teléfono", "portátil", "lavadora", "suscripción", "plan de internet", "pedido",
                 "auriculares", "televisor", "tarjeta de crédito", "vuelo", "factura"],
    "companies": ["Fibranet", "TiendaYa", "AeroSur", "BancoPlus", "HogarTec", "Movilia"],
    "greet": [
        "¡Hola! Soy {name}, de {company}. ¿En qué puedo ayudarle?",
        "Buenos días, gracias por llamar a {company}, le atiende {name}.",
        "Buenas tardes, mi nombre es {name}, ¿en qué le puedo servir?",
        "Hola {cust}, bienvenido al soporte de {company}. ¿Cómo puedo ayudarte?",
        "Buenas, le atiende {name}. ¿Qué se le ofrece?",
        "Buen día, ¿en qué le podemos ayudar hoy?",
        "Buenas noches, está hablando con {name}. ¿Cómo le puedo apoyar?",
        "Estimado cliente, reciba un cordial saludo. ¿En qué podemos ayudarle?",
        "Qué tal, ¿cómo está? Soy {name}, a sus órdenes.",
        "Sí, dígame.",
    ],
    "clarify": [
        "¿Me puede indicar el número de pedido, por favor?",
        "¿Podría contarme qué pasó exactamente?",
        "¿Desde cuándo tiene este problema?",
        "¿Me confirma su número de cliente o el correo de la cuenta?",
        "¿Cuántas veces le cobraron y por qué monto?",
        "Para entenderle bien: ¿el {product} dejó de funcionar después de la actualización?",
        "¿Qué mensaje de error le aparece en la pantalla?",
        "¿Con qué tarjeta realizó el pago?",
        "¿Me confirma la dirección de entrega?",
        "¿Tiene el número de ticket de su reclamo anterior?",
        "¿Es el {product} que compró el {date}?",
        "¿Me podría explicar qué fue lo que sucedió con el {product}?",
        "¿Ya intentó reiniciar el equipo?",
        "Entonces, si le entiendo bien, ¿le cobraron dos veces el {date}?",
    ],
    "empathy": [
        "Entiendo su molestia, es una situación muy incómoda.",
        "Comprendo perfectamente su frustración.",
        "Lamento mucho que haya tenido que pasar por esto.",
        "Tiene toda la razón en estar molesto.",
        "Entiendo lo frustrante que debe ser esperar tanto.",
        "Me pongo en su lugar, yo también estaría enojado.",
        "Comprendo que esto le ha causado muchos inconvenientes.",
        "Es totalmente comprensible que se sienta así.",
        "Entiendo cómo se siente, no es para menos.",
    ],
    "apology": [
        "Disculpe las molestias.",
        "Le pido disculpas por la demora.",
        "Lamentamos mucho lo ocurrido.",
        "Perdón por el inconveniente con su {product}.",
        "Le ofrecemos nuestras más sinceras disculpas.",
        "Discúlpenos por la confusión con la factura.",
        "Siento mucho la espera.",
        "Mil disculpas por tener que llamar de nuevo.",
        "Perdone el malentendido.",
    ],
    "solution": [
        "Le puedo ofrecer el reembolso completo o un cambio del producto, ¿qué prefiere?",
        "Ya le hice el reembolso de {amount} a su tarjeta.",
        "Podemos enviarle un técnico a domicilio, ¿le viene bien el {date}?",
        "Le cambiamos el {product} sin ningún costo.",
        "Le he abonado {amount} en su cuenta como compensación.",
        "Voy a abrir un reclamo por el cobro duplicado a su nombre.",
        "Puedo reprogramar su vuelo para mañana sin cargo adicional.",
        "Ya anulé el segundo cargo, solo se le cobrará una vez.",
        "Le ofrecemos un mes gratis de servicio por las molestias.",
        "Le propongo dos opciones: cambio o devolución del dinero.",
    ],
    "commit": [
        "Le llamo mañana antes de las {time}.",
        "Le enviaremos el reembolso en {days} días hábiles.",
        "Su número de caso es {order}; le aviso por correo el jueves.",
        "El técnico irá el {date} entre las 9 y las 12.",
        "Le confirmo por correo en la próxima hora.",
        "Mañana a primera hora le escribo con la respuesta.",
        "El abono se verá reflejado en {days} días.",
        "Hoy mismo le enviamos el nuevo equipo y le llega el número de seguimiento.",
    ],
    "holding": [
        "Permítame un momento, por favor.",
        "Déjeme revisar su cuenta.",
        "Un momento, lo verifico.",
        "Gracias por la espera.",
        "Muy bien, ya encontré su pedido.",
        "Aguárdeme un segundo.",
        "Listo, ya lo veo en el sistema.",
        "A ver qué puedo hacer.",
    ],
    "close": [
        "¿Hay algo más en lo que le pueda ayudar?",
        "¿Le puedo ayudar con alguna otra cosa?",
        "Muchas gracias por su paciencia, que tenga un excelente día.",
        "Gracias por comunicarse con {company}.",
        "Le llegará una breve encuesta, su opinión es muy importante para nosotros.",
        "Entonces, resumiendo: el reembolso ya está en camino y le llegará un correo. ¿Algo más?",
        "¿Quedó resuelta su consulta?",
        "Que le vaya bien.",
        "Hasta luego.",
    ],
    "anti": [
        "Eso estaba en su contrato, debió leerlo.",
        "Son los términos y condiciones que usted aceptó.",
        "Esta es una decisión de la gerencia, no mía.",
        "Son políticas de la empresa, no puedo hacer nada.",
        "Por favor especifique en nuestro sitio web.",
        "Toda la información está en nuestra página.",
        "Los proveedores nos han fallado.",
        "Fue culpa de la empresa de mensajería, no nuestra.",
        "Usted está equivocado, el pago sí se registró.",
        "Eso no es cierto.",
        "Como ya le dije, el pedido fue enviado.",
        "Es obvio que presionó el botón equivocado.",
        "Tengo dos noticias para usted, una buena y una mala.",
        "No es mi culpa, yo solo trabajo aquí.",
        "El sistema no me deja, eso no es de mi área.",
        "¿Está seguro de que no lo rompió usted?",
        "Cálmese, por favor, gritando no se arregla nada.",
    ],
    "cust_problem": [
        "Hola, me cobraron dos veces el {product} el {date}.",
        "Mi {product} dejó de funcionar a los dos días.",
        "¡Llevo tres semanas esperando el pedido {order}!",
        "El técnico nunca vino ayer.",
        "Quiero un reembolso, el {product} llegó roto.",
        "No tengo internet desde el lunes.",
        "Me cancelaron el vuelo y nadie me avisó.",
        "Ya llamé tres veces y nadie me soluciona nada.",
        "Me llegó un {product} que no pedí.",
        "Me descontaron {amount} de la cuenta sin mi permiso.",
    ],
    "cust_detail": [
        "El número de pedido es {order}.",
        "Fue el {date}, como al mediodía.",
        "Pagué {amount} con mi tarjeta Visa.",
        "Sí, esa es la dirección.",
        "Solo prende una luz roja y no hace nada.",
        "Ya lo reinicié como cinco veces.",
        "No, no me llegó ningún correo.",
        "Sí, correcto.",
        "El ticket era {order}, creo.",
        "Lo compré en línea, en su página.",
        "Ok.",
        "Va, un momento.",
    ],
    "cust_hostile": [
        "¡Esto es una vergüenza!!!",
        "¿Son todos unos inútiles o qué?",
        "ES EL PEOR SERVICIO QUE HE VISTO EN MI VIDA",
        "Qué empresa tan ridícula.",
        "¡Estoy harto de sus excusas!",
        "Dejen de hacerme perder el tiempo.",
        "QUIERO MI DINERO YA",
        "Son unos ladrones.",
    ],
    "cust_threat": [
        "Voy a cancelar mi cuenta.",
        "Voy a poner una queja en Profeco.",
        "Voy a poner una reseña negativa en todas partes.",
        "Mi abogado se va a enterar de esto.",
        "Voy a pedir un contracargo al banco.",
        "Mañana mismo me cambio a la competencia.",
        "Los voy a denunciar en redes sociales.",
    ],
    "cust_thanks": [
        "Gracias, muy amable.",
        "Perfecto, así me sirve, gracias.",
        "¡Muchas gracias por su ayuda!",
        "Vale, se lo agradezco.",
        "Excelente, muchas gracias.",
        "Bueno, gracias.",
        "Ni modo.",
        "Gracias por nada.",
    ],
    "fillers": ["eh", "este", "o sea,", "pues", "mmm", "ehh", "bueno,"],
}

RU = {
    "agent_names": ["Анна", "Дмитрий", "Елена", "Алексей", "Ольга", "Сергей", "Наталья", "Артём", "Юлия",
                    "Максим", "Ксения", "Пётр", "Алёна", "Фёдор"],
    "cust_names": ["Иван Петрович", "Мария", "Олег", "Светлана", "Андрей", "Татьяна", "Виктор", "Лидия"],
    "agent_labels": ["Оператор", "Оператор", "Менеджер", "Сотрудник", "Специалист", "Консультант", "Поддержка"],
    "cust_labels": ["Клиент", "Клиент", "Абонент", "Покупатель"],
    "products": ["роутер", "телефон", "ноутбук", "стиральная машина", "подписка", "тариф", "заказ",
                 "наушники", "телевизор", "кредитная карта", "билет", "счёт"],
    "companies": ["БыстроНет", "МегаМаркет", "АэроЛайн", "ПлюсБанк", "ДомТехника", "Связьком"],
    "greet": [
        "Здравствуйте! Меня зовут {name}, компания {company}. Чем могу помочь?",
        "Добрый день, {name}, служба поддержки. Слушаю вас.",
        "Доброе утро! Чем могу быть полезна?",
        "Добрый вечер, {company}, оператор {name}. Как я могу к вам обращаться?",
        "Здравствуйте, {cust}! Спасибо, что обратились. Чем я могу вам помочь?",
        "Приветствую! Я {name}, готов помочь с вашим вопросом.",
        "Добрый день! Рада вас слышать. Что у вас случилось?",
        "Здравствуйте, вы позвонили в {company}. Чем могу помочь?",
        "Да, говорите.",
    ],
    "clarify": [
        "Подскажите, пожалуйста, номер вашего заказа.",
        "Что именно вас расстроило?",
        "Расскажите, пожалуйста, подробнее, что произошло.",
        "Когда вы впервые заметили проблему?",
        "Уточните, пожалуйста, номер договора или телефон, на который оформлен аккаунт.",
        "Сколько раз с вас списали деньги и на какую сумму?",
        "Правильно ли я понимаю, что {product} перестал работать после обновления?",
        "Какое сообщение об ошибке вы видите на экране?",
        "Назовите, пожалуйста, адрес доставки.",
        "У вас сохранился номер обращения {order}?",
        "Это {product}, который вы купили {date}?",
        "Вы уже пробовали перезагрузить устройство?",
        "То есть деньги списали дважды {date}, верно?",
    ],
    "empathy": [
        "Я понимаю, что это было очень неприятно.",
        "Понимаю ваше возмущение, ситуация действительно неприятная.",
        "Я вас прекрасно понимаю, ждать так долго — это тяжело.",
        "На вашем месте я бы тоже расстроилась.",
        "Вы совершенно правы, что обратились к нам.",
        "Понимаю, сколько неудобств это вам доставило.",
        "Ваше недовольство абсолютно понятно.",
        "Мне очень жаль, что вам пришлось через это пройти.",
        "Я понимаю ваши чувства.",
    ],
    "apology": [
        "Извините за неудобства.",
        "Приношу свои извинения за задержку.",
        "Просим прощения за доставленные неудобства.",
        "Очень сожалею, что так вышло.",
        "Простите, пожалуйста, за ожидание.",
        "Приносим извинения за путаницу со счётом.",
        "Извините, что вам пришлось звонить повторно.",
        "Прошу прощения за эту ошибку.",
    ],
    "solution": [
        "Мы можем предложить вам возврат денег или обмен товара. Какой вариант вам подходит больше?",
        "Я оформила возврат {amount} на вашу карту.",
        "Мы можем направить к вам мастера, вам удобно {date}?",
        "Мы бесплатно заменим {product}.",
        "Я начислила вам компенсацию {amount} на лицевой счёт.",
        "Я открою претензию по двойному списанию от вашего имени.",
        "Могу переоформить билет на ближайший рейс без доплаты.",
        "Я отменила второе списание, оплата пройдёт только один раз.",
        "В качестве компенсации мы дарим вам месяц бесплатного обслуживания.",
        "Предлагаю два варианта: замена или возврат средств.",
    ],
    "commit": [
        "Перезвоню вам завтра до {time}.",
        "Деньги вернутся в течение {days} рабочих дней.",
        "Номер вашей заявки {order}, я сообщу о результате к пятнице.",
        "Мастер приедет {date} с 9 до 12.",
        "В течение часа пришлю подтверждение на почту.",
        "Завтра утром я лично свяжусь с вами.",
        "Компенсация поступит на счёт в течение {days} дней.",
        "Сегодня же отправим новое устройство, трек-номер придёт в СМС.",
    ],
    "holding": [
        "Одну минуту, пожалуйста.",
        "Сейчас проверю.",
        "Подождите немного, я посмотрю ваш заказ.",
        "Спасибо за ожидание.",
        "Так, вижу ваш заказ.",
        "Секунду, уточню информацию.",
        "Хорошо, нашла.",
        "Давайте посмотрим, что можно сделать.",
    ],
    "close": [
        "Могу ли я ещё чем-то вам помочь?",
        "Остались ли у вас ещё вопросы?",
        "Спасибо за ваше терпение, хорошего дня!",
        "Спасибо, что обратились в {company}.",
        "Вам придёт короткий опрос, будем благодарны за оценку.",
        "Итак, подведу итог: возврат оформлен, подтверждение придёт на почту. Что-нибудь ещё?",
        "Ваш вопрос решён?",
        "Всего доброго.",
        "До свидания.",
    ],
    "anti": [
        "Вы же читали договор, зачем было так возмущаться?",
        "Это всё прописано в договоре, который вы подписали.",
        "Это решение руководства, не моё.",
        "Такая политика компании, я ничего не могу сделать.",
        "Вся информация есть на сайте.",
        "Посмотрите в разделе «Вопросы и ответы» на нашем сайте.",
        "Поставщики нас подвели.",
        "Это курьерская служба виновата, не мы.",
        "Вы не правы, оплата прошла нормально.",
        "Это неправда.",
        "Я же вам уже объяснял, заказ отправлен.",
        "Очевидно, что вы нажали не ту кнопку.",
        "У меня для вас две новости: хорошая и плохая.",
        "Это не моя вина, я тут просто работаю.",
        "Система не даёт, это не мой отдел.",
        "Вы уверены, что сами его не сломали?",
        "Вы нас обманываете.",
        "Успокойтесь, криком ничего не решить.",
    ],
    "cust_problem": [
        "Здравствуйте, с меня дважды списали деньги за {product} {date}.",
        "Мой {product} сломался через два дня.",
        "Я жду заказ {order} уже три недели!",
        "Мастер вчера так и не пришёл.",
        "Хочу вернуть деньги, {product} пришёл разбитым.",
        "У меня нет интернета с понедельника.",
        "Мой рейс отменили, и никто не предупредил.",
        "Я звоню уже третий раз, и никто ничего не сделал.",
        "Мне прислали не тот {product}, что я заказывал.",
        "С моей карты списали {amount} без моего согласия.",
    ],
    "cust_detail": [
        "Номер заказа {order}.",
        "Это было {date}, около полудня.",
        "Я заплатил {amount} картой.",
        "Да, адрес правильный.",
        "Горит красная лампочка, и ничего не происходит.",
        "Я уже раз пять перезагружал.",
        "Нет, никакого письма не было.",
        "Да, всё верно.",
        "Номер обращения вроде {order}.",
        "Покупал на вашем сайте.",
        "Ок.",
        "Сейчас, секунду.",
    ],
    "cust_hostile": [
        "Это просто безобразие!!!",
        "У вас тут все такие тупые?",
        "ЭТО САМЫЙ УЖАСНЫЙ СЕРВИС В МОЕЙ ЖИЗНИ",
        "Что за дурацкая контора!",
        "Мне надоели ваши отговорки!",
        "Хватит тратить моё время.",
        "ВЕРНИТЕ МОИ ДЕНЬГИ НЕМЕДЛЕННО",
        "Вы все тут бездельники.",
    ],
    "cust_threat": [
        "Я расторгну договор.",
        "Напишу жалобу в Роспотребнадзор.",
        "Оставлю отзыв везде, где только можно.",
        "Я подам на вас в суд.",
        "Обращусь в банк, пусть оспорят платёж.",
        "Завтра же уйду к другому оператору.",
        "Напишу жалобу вашему руководству.",
    ],
    "cust_thanks": [
        "Спасибо, вы мне очень помогли.",
        "Хорошо, меня это устраивает, спасибо.",
        "Большое спасибо за помощь!",
        "Отлично, благодарю.",
        "Спасибо, всё понятно.",
        "Ладно, спасибо.",
        "Отлично.",
        "Ну спасибо, удружили.",
    ],
    "fillers": ["э", "эээ", "ну", "вот", "как бы", "ээ", "мм"],
}

BANKS = {"en": EN, "es": ES, "ru": RU}
CHANNELS = [("call", 0.4), ("chat", 0.4), ("email", 0.1), ("social", 0.1)]

ES_NO_ACCENT = str.maketrans({"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "Á": "A", "É": "E",
                              "Í": "I", "Ó": "O", "Ú": "U"})
ES_NO_ENYE = str.maketrans({"ñ": "n", "Ñ": "N"})
ES_NO_MARKS = str.maketrans({"¿": None, "¡": None})
RU_NO_YO = str.maketrans({"ё": "е", "Ё": "Е"})


def weighted(rng, pairs):
    x = rng.random()
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def typo(rng, text):
    """One keyboard slip in a random word: swapped, dropped or doubled letter."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) < 4:
        return text
    j = rng.randrange(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind < 0.7:
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


class Conversation:
    """One transcript: front matter and a list of (role, label, timestamp, text)."""

    def __init__(self, rng, lang, index):
        self.rng = rng
        self.lang = lang
        self.bank = BANKS[lang]
        b = self.bank
        self.id = f"{lang}-{index:07d}"
        self.channel = weighted(rng, CHANNELS)
        self.agent = rng.choice(b["agent_names"])
        self.customer = rng.choice(b["cust_names"])
        self.slots = {
            "name": self.agent,
            "cust": self.customer,
            "company": rng.choice(b["companies"]),
            "product": rng.choice(b["products"]),
            "order": f"{rng.choice('ABCDKMZ')}{rng.randrange(100000, 999999)}",
            "amount": self._amount(),
            "date": self._date(),
            "time": f"{rng.randrange(9, 19)}:{rng.choice(['00', '30'])}",
            "days": str(rng.choice([3, 5, 7, 10, 14])),
        }
        # Per-transcript writing habits.
        self.lower_case = self.channel in ("chat", "social") and rng.random() < 0.25
        self.no_accents = lang == "es" and rng.random() < 0.4
        self.no_enye = self.no_accents and rng.random() < 0.5
        self.no_marks = lang == "es" and rng.random() < 0.35
        self.no_yo = lang == "ru" and rng.random() < 0.7
        self.fillers = self.channel == "call" and rng.random() < 0.7
        self.typo_rate = rng.choice([0.0, 0.03, 0.08, 0.15])
        self.hostile = rng.random() < 0.3
        self.bad_agent = rng.random() < 0.35
        # Calls count minutes and seconds into the call ("[03:15]"); written channels carry
        # clock times, with or without seconds, or a full date-time.
        ts = rng.random()
        if self.channel == "call":
            self.ts_style = "none" if ts < 0.3 else "offset"
        else:
            self.ts_style = "none" if ts < 0.25 else "clock" if ts < 0.6 else "clock_hm" if ts < 0.85 else "full"
        self.clock = rng.randrange(8 * 3600, 20 * 3600)
        self.agent_label = self._label(b["agent_labels"], self.agent)
        self.cust_label = self._label(b["cust_labels"], self.customer)
        self.turns = []
        self.text_bytes = 0

    def _amount(self):
        n = self.rng.randrange(5, 900)
        return {"en": f"${n}.{self.rng.randrange(0, 99):02d}", "es": f"{n} pesos", "ru": f"{n * 10} рублей"}[self.lang]

    def _date(self):
        d, m = self.rng.randrange(1, 28), self.rng.randrange(1, 12)
        if self.rng.random() < 0.5:
            return f"{d:02d}.{m:02d}" if self.lang == "ru" else f"{d}/{m}"
        months = {"en": ["January", "March", "May", "July", "October", "December"],
                  "es": ["enero", "marzo", "mayo", "julio", "octubre", "diciembre"],
                  "ru": ["января", "марта", "мая", "июля", "октября", "декабря"]}[self.lang]
        month = self.rng.choice(months)
        return f"{month} {d}" if self.lang == "en" else f"{d} de {month}" if self.lang == "es" else f"{d} {month}"

    def _label(self, labels, name):
        r = self.rng.random()
        role = self.rng.choice(labels)
        if r < 0.35:
            return f"{role} ({name})"
        if r < 0.5:
            return f"{role} {name}"
        if r < 0.6:
            return name  # the front matter's name is a label too
        return role

    def _fill(self, template):
        return template.format(**self.slots) if "{" in template else template

    def _noise(self, text, role):
        rng = self.rng
        if self.fillers and rng.random() < 0.3:
            words = text.split(" ")
            words.insert(rng.randrange(len(words)), rng.choice(self.bank["fillers"]))
            if rng.random() < 0.3 and len(words) > 2:  # a stutter: "I I'm sorry"
                k = rng.randrange(len(words))
                words.insert(k, words[k])
            text = " ".join(words)
        if self.typo_rate and rng.random() < self.typo_rate * 3:
            text = typo(rng, text)
        if self.no_accents:
            text = text.translate(ES_NO_ACCENT)
            if self.no_enye:
                text = text.translate(ES_NO_ENYE)
        if self.no_marks:
            text = text.translate(ES_NO_MARKS)
        if self.no_yo:
            text = text.translate(RU_NO_YO)
        if self.lower_case and role == "customer" and not text.isupper():
            text = text.lower()
        return text

    def _timestamp(self):
        step = self.rng.randrange(5, 90)
        if self.channel in ("email", "social") and self.rng.random() < 0.04:
            step += self.rng.randrange(3600, 4 * 3600)  # a slow reply
        self.clock += step
        c = self.clock
        if self.ts_style == "clock":
            return f"[{c // 3600 % 24:02d}:{c // 60 % 60:02d}:{c % 60:02d}] "
        if self.ts_style == "clock_hm":
            return f"[{c // 3600 % 24:02d}:{c // 60 % 60:02d}] "
        if self.ts_style == "offset":
            o = c - self.start
            return f"[{o // 60:02d}:{o % 60:02d}] " if o < 3600 else f"[{o // 3600:02d}:{o // 60 % 60:02d}:{o % 60:02d}] "
        if self.ts_style == "full":
            return f"2026-11-{self.day + c // 86400:02d} {c // 3600 % 24:02d}:{c // 60 % 60:02d}:{c % 60:02d} "
        return ""

    def say(self, role, *categories):
        parts = []
        for cat in categories:
            if cat:
                parts.append(self._fill(self.rng.choice(self.bank[cat])))
        text = self._noise(" ".join(parts), role)
        self.turns.append((role, self._timestamp(), text))
        self.text_bytes += len(text.encode("utf-8")) + 24

    def build(self, target_bytes):
        rng = self.rng
        self.start = self.clock
        self.day = rng.randrange(1, 29)
        if rng.random() < 0.85:
            self.say("agent", "greet")
        self.say("customer", "cust_problem", "cust_hostile" if self.hostile and rng.random() < 0.6 else None)
        agent_moves = [("clarify", 0.3), ("empathy", 0.12), ("apology", 0.12), ("solution", 0.14),
                       ("commit", 0.1), ("holding", 0.14), ("anti", 0.08 if self.bad_agent else 0.01)]
        cust_moves = [("cust_detail", 0.6), ("cust_hostile", 0.2 if self.hostile else 0.03),
                      ("cust_threat", 0.1 if self.hostile else 0.03), ("cust_problem", 0.05)]
        while self.text_bytes < target_bytes - 250:
            first = weighted(rng, agent_moves)
            second = weighted(rng, agent_moves) if rng.random() < 0.45 else None
            self.say("agent", first, second)
            self.say("customer", weighted(rng, cust_moves),
                     weighted(rng, cust_moves) if rng.random() < 0.25 else None)
        if rng.random() < 0.75:
            self.say("agent", "close")
        if rng.random() < 0.65:
            self.say("customer", "cust_thanks")
        if rng.random() < 0.4:
            self.say("agent", "close")
        return self

    def to_text(self):
        out = ["---", f"id: {self.id}", f"agent: {self.agent}", f"customer: {self.customer}",
               f"channel: {self.channel}", f"lang: {self.lang}", "---"]
        for role, ts, text in self.turns:
            label = self.agent_label if role == "agent" else self.cust_label
            # A long turn sometimes wraps onto a continuation line without a label.
            if len(text) > 120 and self.rng.random() < 0.3:
                cut = text.find(". ", 40)
                if cut > 0:
                    text = text[:cut + 1] + "\n" + text[cut + 2:]
            out.append(f"{ts}{label}: {text}")
        return "\n".join(out) + "\n"

    def to_json(self):
        return json.dumps({"id": self.id, "agent": self.agent, "channel": self.channel, "lang": self.lang,
                           "turns": [{"speaker": role, "text": text} for role, _, text in self.turns]},
                          ensure_ascii=False, separators=(",", ":"))


def parse_langs(spec):
    pairs = []
    for part in spec.split(","):
        lang, _, w = part.partition("=")
        if lang not in BANKS:
            raise SystemExit(f"gen_corpus: unknown language '{lang}' (en, es, ru)")
        pairs.append((lang, float(w or 1)))
    total = sum(w for _, w in pairs)
    return [(lang, w / total) for lang, w in pairs]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--size", type=float, default=200, help="megabytes (10^6) of plain-text transcripts")
    ap.add_argument("--count", type=int, help="number of transcripts (overrides --size)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["dir", "ndjson", "both"], default="both")
    ap.add_argument("--langs", default="ru=0.4,es=0.3,en=0.3", help="language mix, e.g. ru=0.4,es=0.3,en=0.3")
    ap.add_argument("--avg-kb", type=float, default=3.0, help="mean transcript size in KB")
    ap.add_argument("--per-dir", type=int, default=1000, help="files per sub-directory")
    args = ap.parse_args()

    langs = parse_langs(args.langs)
    rng = random.Random(args.seed)
    limit_bytes = int(args.size * 1e6)
    write_dir = args.format in ("dir", "both")
    write_ndjson = args.format in ("ndjson", "both")
    os.makedirs(args.out, exist_ok=True)
    ndjson = open(os.path.join(args.out, "corpus.ndjson"), "w", encoding="utf-8", newline="\n") if write_ndjson else None
    total = 0
    n = 0
    current_dir = None
    while (args.count is not None and n < args.count) or (args.count is None and total < limit_bytes):
        lang = weighted(rng, langs)
        target = max(1200, min(8000, int(rng.gauss(args.avg_kb * 1000, args.avg_kb * 250))))
        conv = Conversation(random.Random(rng.getrandbits(64)), lang, n).build(target)
        text = conv.to_text()
        total += len(text.encode("utf-8"))
        if write_dir:
            sub = os.path.join(args.out, "dir", f"{n // args.per_dir:04d}")
            if sub != current_dir:
                os.makedirs(sub, exist_ok=True)
                current_dir = sub
            with open(os.path.join(sub, conv.id + ".txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        if ndjson:
            ndjson.write(conv.to_json())
            ndjson.write("\n")
        n += 1
    if ndjson:
        ndjson.close()
    print(f"gen_corpus: {n} transcripts, {total / 1e6:.1f} MB of plain text in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
